package io.caravel.cli;

import io.caravel.api.quantity.Resources;
import io.caravel.cli.output.NodeViews.Row;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The orders of {@code node list --order-by}, as Bacalhau names them; ties are broken by node ID.
 */
enum NodeOrder {
    ID(Comparator.comparing(r -> r.info().nodeId())),
    // Every Caravel node is a compute node.
    TYPE((a, b) -> 0),
    AVAILABLE_CPU(free(Resources::cpuMillis)),
    AVAILABLE_MEMORY(free(Resources::memoryBytes)),
    AVAILABLE_DISK(free(Resources::diskBytes)),
    AVAILABLE_GPU(free(Resources::gpus)),
    STATUS(Comparator.comparing(Row::connected));

    private final Comparator<Row> comparator;

    NodeOrder(Comparator<Row> primary) {
        this.comparator = primary.thenComparing(r -> r.info().nodeId());
    }

    Comparator<Row> comparator() {
        return comparator;
    }

    /** The order named {@code text} (any case). */
    static NodeOrder parse(String text) {
        return Arrays.stream(values())
                .filter(o -> o.name().equalsIgnoreCase(text.strip()))
                .findFirst()
                .orElseThrow(
                        () ->
                                NodeListCommand.usage(
                                        "--order-by: unknown field '" + text + "'",
                                        "accepted: "
                                                + Arrays.stream(values())
                                                        .map(o -> o.name().toLowerCase(Locale.ROOT))
                                                        .collect(Collectors.joining(", "))));
    }

    private static Comparator<Row> free(ToLongFunction<Resources> amount) {
        return Comparator.comparingLong(
                r -> r.info().available() == null ? 0 : amount.applyAsLong(r.info().available()));
    }
}
