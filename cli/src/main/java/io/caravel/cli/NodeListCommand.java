package io.caravel.cli;

import io.caravel.cli.output.NodeViews;
import io.caravel.cli.output.OutputFormat;
import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code caravel node list}: the nodes the {@link NodeRegistryWorkflow} knows from their
 * heartbeats, with their labels, engines and free capacity.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the worker nodes and their free "
        + "capacity.")
final class NodeListCommand implements Callable<Integer> {
    @ParentCommand
    NodeCommand node;

    @Spec
    CommandSpec spec;

    @Option(names = "--all", description = "Include nodes whose heartbeats stopped (default: connected nodes only).")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<NodeInfo> nodes;
        try (Connection connection = node.root.connect()) {
            nodes = query(connection.client());
        }
        nodes = nodes.stream().sorted(Comparator.comparing(NodeInfo::nodeId)).toList();
        OutputFormat format = node.root.output();
        if (format != OutputFormat.table) {
            out.print(OutputFormat.structured(format, nodes));
        } else if (nodes.isEmpty()) {
            out.println("No nodes found");
        } else {
            out.print(NodeViews.list(nodes));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private List<NodeInfo> query(WorkflowClient client) {
        NodeRegistryWorkflow registry = client.newWorkflowStub(NodeRegistryWorkflow.class,
                NodeRegistryWorkflow.WORKFLOW_ID);
        try {
            return all ? registry.allNodes() : registry.nodes();
        } catch (WorkflowNotFoundException e) {
            // No worker has started the registry yet: there are no nodes to list.
            return List.of();
        }
    }
}
