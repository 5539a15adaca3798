package io.caravel.cli;

import io.caravel.api.cli.ConstraintsParser;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.cli.output.NodeViews;
import io.caravel.cli.output.NodeViews.Column;
import io.caravel.cli.output.NodeViews.Row;
import io.caravel.cli.output.OutputFormat;
import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.model.NodeInfo;
import io.caravel.workflows.placement.LabelSelectors;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code caravel node list}: the nodes the {@link NodeRegistryWorkflow} knows from their
 * heartbeats, with Bacalhau's filters ({@code --labels}, {@code --filter-status}, {@code
 * --filter-approval}), ordering ({@code --order-by}, {@code --order-reversed}, {@code --limit}) and
 * column groups ({@code --show}).
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists the worker nodes and their free " + "capacity.")
final class NodeListCommand implements Callable<Integer> {
    @ParentCommand NodeCommand node;

    @Spec CommandSpec spec;

    @Option(
            names = "--all",
            description =
                    "Include nodes whose heartbeats stopped (default: connected nodes only; "
                            + "same as --filter-status with both).")
    boolean all;

    @Option(
            names = "--show",
            split = ",",
            paramLabel = "GROUP",
            description =
                    "Column groups: labels, capacity, features (engines, sources, publishers). "
                            + "Default labels,capacity.")
    List<String> show = new ArrayList<>(List.of("labels", "capacity"));

    @Option(
            names = "--labels",
            paramLabel = "SELECTOR",
            description =
                    "Only nodes whose labels match this label selector, e.g. 'gpu=true,region in (eu, us)'.")
    String labels = "";

    @Option(
            names = "--filter-status",
            paramLabel = "connected|disconnected",
            description =
                    "Only connected nodes (the default) or only nodes whose heartbeats stopped.")
    String filterStatus;

    @Option(
            names = "--filter-approval",
            paramLabel = "approved|pending|rejected",
            description =
                    "Only nodes in this approval state (Caravel approves every node that heartbeats).")
    String filterApproval;

    @Option(
            names = "--order-by",
            paramLabel = "FIELD",
            defaultValue = "id",
            description =
                    "id, type, available_cpu, available_memory, available_disk, available_gpu or status "
                            + "(ascending; default id).")
    String orderBy;

    @Option(names = "--order-reversed", description = "Reverse the order.")
    boolean orderReversed;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Show at most N nodes (default 0: all).")
    int limit;

    @Option(names = "--hide-header", description = "Print the table without its header line.")
    boolean hideHeader;

    @Override
    public Integer call() {
        Set<Column> columns = columns();
        NodeOrder order = NodeOrder.parse(orderBy);
        List<LabelSelectorRequirement> selector = selector();
        Set<Boolean> statuses = statuses();
        boolean approved = approvedOnly();
        if (limit < 0) {
            throw usage(
                    "--limit must be 0 (all) or more, not " + limit, "pass --limit N with N >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Row> rows;
        try (Connection connection = node.root.connect()) {
            rows = query(connection.client(), statuses.contains(Boolean.FALSE));
        }
        rows =
                rows.stream()
                        .filter(r -> approved && statuses.contains(r.connected()))
                        .filter(r -> LabelSelectors.matchesAll(selector, r.info().labels()))
                        .sorted(orderReversed ? order.comparator().reversed() : order.comparator())
                        .limit(limit == 0 ? Long.MAX_VALUE : limit)
                        .toList();
        OutputFormat format = node.root.output();
        if (format != OutputFormat.table) {
            out.print(OutputFormat.structured(format, rows.stream().map(Row::info).toList()));
        } else if (rows.isEmpty()) {
            out.println("No nodes found");
        } else {
            out.print(NodeViews.list(rows, columns, !hideHeader));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Set<Column> columns() {
        Set<Column> columns = EnumSet.noneOf(Column.class);
        for (String group : show) {
            String g = group.strip().toLowerCase(Locale.ROOT);
            switch (g) {
                case "labels" -> columns.add(Column.LABELS);
                case "capacity" -> columns.add(Column.CAPACITY);
                case "features" -> columns.add(Column.FEATURES);
                case "version" ->
                        throw usage(
                                "--show version: Caravel nodes do not report a version",
                                "show labels, capacity or features");
                default ->
                        throw usage(
                                "--show: unknown column group '" + group + "'",
                                "accepted: labels, capacity, features (comma-separated)");
            }
        }
        return columns;
    }

    private List<LabelSelectorRequirement> selector() {
        try {
            return ConstraintsParser.parse(labels);
        } catch (CaravelException e) {
            // The parser names the job flag it was written for; here the selector came from
            // --labels.
            throw new CliException(
                    e.getMessage().replaceFirst("^--constraints", "--labels"),
                    e.hint(),
                    ExitCodes.USAGE,
                    null);
        }
    }

    /** The connection states to list: true for connected, false for disconnected. */
    private Set<Boolean> statuses() {
        if (filterStatus == null) {
            return all ? Set.of(true, false) : Set.of(true);
        }
        return switch (filterStatus.strip().toLowerCase(Locale.ROOT)) {
            case "connected" -> Set.of(true);
            case "disconnected" -> Set.of(false);
            default ->
                    throw usage(
                            "--filter-status: unknown status '" + filterStatus + "'",
                            "accepted: connected, disconnected");
        };
    }

    /**
     * Whether nodes pass the approval filter: every node is approved, so only {@code approved}
     * lists any.
     */
    private boolean approvedOnly() {
        if (filterApproval == null) {
            return true;
        }
        return switch (filterApproval.strip().toLowerCase(Locale.ROOT)) {
            case "approved" -> true;
            case "pending", "rejected" -> false;
            default ->
                    throw usage(
                            "--filter-approval: unknown approval state '" + filterApproval + "'",
                            "accepted: approved, pending, rejected");
        };
    }

    static CliException usage(String message, String hint) {
        return new CliException(message, hint, ExitCodes.USAGE, null);
    }

    private static List<Row> query(WorkflowClient client, boolean withDisconnected) {
        NodeRegistryWorkflow registry =
                client.newWorkflowStub(
                        NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID);
        try {
            Set<String> connected =
                    registry.nodes().stream().map(NodeInfo::nodeId).collect(Collectors.toSet());
            List<NodeInfo> nodes = withDisconnected ? registry.allNodes() : registry.nodes();
            return nodes.stream().map(n -> new Row(n, connected.contains(n.nodeId()))).toList();
        } catch (WorkflowNotFoundException e) {
            // No worker has started the registry yet: there are no nodes to list.
            return List.of();
        }
    }
}
