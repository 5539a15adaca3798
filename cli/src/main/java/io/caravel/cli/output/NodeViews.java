package io.caravel.cli.output;

import io.caravel.api.quantity.Quantities;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.model.NodeInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The table of {@code node list}: ID, type, approval and status always, then the column groups
 * asked for, then when the node was last seen. Capacity is shown free of total, as Bacalhau's node
 * list does. Below the table, the connected nodes that take no work of some engine now (a docker
 * engine whose daemon does not answer), with why.
 */
public final class NodeViews {
    /** Caravel's nodes all run jobs; Bacalhau's type for such a node. */
    public static final String TYPE = "Compute";

    /** Caravel approves every node that heartbeats (Bacalhau's {@code APPROVED}). */
    public static final String APPROVAL = "APPROVED";

    private NodeViews() {}

    /** A node and whether it is connected (heartbeating). */
    public record Row(NodeInfo info, boolean connected) {}

    /** Bacalhau's column groups ({@code --show}). */
    public enum Column {
        LABELS,
        FEATURES,
        CAPACITY
    }

    /** One row per node, in the order given, with the column groups in {@code columns}. */
    public static String list(List<Row> rows, Set<Column> columns, boolean header) {
        List<String> headers = new ArrayList<>(List.of("ID", "Type", "Approval", "Status"));
        if (columns.contains(Column.LABELS)) {
            headers.add("Labels");
        }
        if (columns.contains(Column.FEATURES)) {
            headers.addAll(List.of("Engines", "Sources", "Publishers"));
        }
        if (columns.contains(Column.CAPACITY)) {
            headers.addAll(List.of("CPU", "Memory", "Disk", "GPU"));
        }
        headers.add("Last seen");
        Table t = new Table(headers.toArray(String[]::new));
        for (Row row : rows) {
            NodeInfo n = row.info();
            List<String> cells =
                    new ArrayList<>(
                            List.of(
                                    n.nodeId(),
                                    TYPE,
                                    APPROVAL,
                                    row.connected() ? "CONNECTED" : "DISCONNECTED"));
            if (columns.contains(Column.LABELS)) {
                cells.add(labels(n.labels()));
            }
            if (columns.contains(Column.FEATURES)) {
                cells.addAll(
                        List.of(sorted(n.engines()), sorted(n.sources()), sorted(n.publishers())));
            }
            if (columns.contains(Column.CAPACITY)) {
                Resources free = orZero(n.available());
                Resources total = orZero(n.capacity());
                cells.addAll(
                        List.of(
                                cores(free.cpuMillis()) + " / " + cores(total.cpuMillis()),
                                Quantities.formatBytes(free.memoryBytes())
                                        + " / "
                                        + Quantities.formatBytes(total.memoryBytes()),
                                Quantities.formatBytes(free.diskBytes())
                                        + " / "
                                        + Quantities.formatBytes(total.diskBytes()),
                                free.gpus() + " / " + total.gpus()));
            }
            cells.add(Times.millis(n.lastSeenMillis()));
            t.row(cells.toArray());
        }
        String table = t.render();
        return (header ? table : table.substring(table.indexOf('\n') + 1)) + paused(rows);
    }

    /** One line per connected node and engine that cannot take work now; "" when there is none. */
    static String paused(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        for (Row row : rows) {
            if (!row.connected()) {
                continue; // What it said last may be long past.
            }
            new TreeMap<>(row.info().unavailableEngines())
                    .forEach(
                            (engine, why) ->
                                    out.append("  ")
                                            .append(row.info().nodeId())
                                            .append(" (")
                                            .append(engine)
                                            .append("): ")
                                            .append(why)
                                            .append('\n'));
        }
        return out.isEmpty() ? "" : "\nPlacement paused:\n" + out;
    }

    private static String sorted(Set<String> names) {
        return String.join(",", new TreeSet<>(names));
    }

    private static Resources orZero(Resources r) {
        return r == null ? new Resources(0, 0, 0, 0) : r;
    }

    /** CPU in cores without trailing zeros: {@code 0.5}, {@code 4}. */
    static String cores(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private static String labels(Map<String, String> labels) {
        return new TreeMap<>(labels)
                .entrySet().stream()
                        .map(
                                e ->
                                        e.getValue().isEmpty()
                                                ? e.getKey()
                                                : e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","));
    }
}
