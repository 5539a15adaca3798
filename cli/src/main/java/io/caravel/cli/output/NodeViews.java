package io.caravel.cli.output;

import io.caravel.api.quantity.Quantities;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.model.NodeInfo;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The table of {@code node list}: capacity is shown free of total, as Bacalhau's node list does. */
public final class NodeViews {
    private NodeViews() {
    }

    /** One row per node, in the order given. */
    public static String list(List<NodeInfo> nodes) {
        Table t = new Table("ID", "Labels", "Engines", "CPU", "Memory", "Disk", "GPU", "Last seen");
        for (NodeInfo n : nodes) {
            Resources free = orZero(n.available());
            Resources total = orZero(n.capacity());
            t.row(n.nodeId(), labels(n.labels()), String.join(",", new TreeSet<>(n.engines())),
                    cores(free.cpuMillis()) + " / " + cores(total.cpuMillis()),
                    Quantities.formatBytes(free.memoryBytes()) + " / " + Quantities.formatBytes(total.memoryBytes()),
                    Quantities.formatBytes(free.diskBytes()) + " / " + Quantities.formatBytes(total.diskBytes()),
                    free.gpus() + " / " + total.gpus(), Times.millis(n.lastSeenMillis()));
        }
        return t.render();
    }

    private static Resources orZero(Resources r) {
        return r == null ? new Resources(0, 0, 0, 0) : r;
    }

    /** CPU in cores without trailing zeros: {@code 0.5}, {@code 4}. */
    static String cores(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private static String labels(Map<String, String> labels) {
        return new TreeMap<>(labels).entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
