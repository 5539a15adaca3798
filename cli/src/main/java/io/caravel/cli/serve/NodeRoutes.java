package io.caravel.cli.serve;

import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.model.NodeInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.temporal.client.WorkflowClient;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/orchestrator/nodes}: the worker nodes of the node registry workflow. Caravel has
 * no node approval: every node is approved, so approving is a no-op and rejecting or deleting is
 * refused.
 */
final class NodeRoutes {
    private static final String NODES = "/api/v1/orchestrator/nodes";

    private final WorkflowClient client;
    private final Json json;

    NodeRoutes(WorkflowClient client, Json json) {
        this.client = client;
        this.json = json;
    }

    void bind(RoutesConfig routes) {
        routes.get(NODES, this::list);
        routes.get(NODES + "/{id}", this::get);
        routes.put(NODES + "/{id}", this::update);
    }

    private void list(Context ctx) throws Exception {
        Predicate<Map<String, String>> labels = Params.labels(ctx);
        String status = Params.lower(ctx, "filter-status");
        String approval = Params.lower(ctx, "filter-approval");
        if (!Set.of("", "connected", "disconnected").contains(status)) {
            throw ApiError.badRequest(
                    "filter-status: \"" + status + "\" is not connected or disconnected", "");
        }
        if (!Set.of("", "approved", "pending", "rejected").contains(approval)) {
            throw ApiError.badRequest(
                    "filter-approval: \"" + approval + "\" is not approved, pending or rejected",
                    "");
        }
        Registry registry = registry();
        List<Map<String, Object>> nodes =
                registry.all().stream()
                        .filter(
                                n ->
                                        status.isEmpty()
                                                || registry.connected(n)
                                                        == "connected".equals(status))
                        .filter(n -> approval.isEmpty() || "approved".equals(approval))
                        .filter(n -> labels.test(n.labels()))
                        .sorted(Comparator.comparing(NodeInfo::nodeId))
                        .map(n -> WireModels.node(n, registry.connected(n)))
                        .toList();
        Map<String, Object> page =
                Paging.page(nodes, ctx.queryParam("limit"), ctx.queryParam("next_token"), false);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Nodes", page.get("Items"));
        m.put("NextToken", page.get("NextToken"));
        json.ok(ctx, m);
    }

    private void get(Context ctx) throws Exception {
        Registry registry = registry();
        String id = ctx.pathParam("id");
        NodeInfo node =
                registry.all().stream()
                        .filter(n -> n.nodeId().equals(id))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        ApiError.notFound(
                                                "node not found: " + id,
                                                "list nodes with `bacalhau node list`"));
        json.ok(ctx, Map.of("Node", WireModels.node(node, registry.connected(node))));
    }

    private void update(Context ctx) throws Exception {
        String action = json.body(ctx).path("Action").asText("").strip().toLowerCase(Locale.ROOT);
        Map<String, Object> m = new LinkedHashMap<>();
        switch (action) {
            case "approve" -> m.put("Success", true);
            case "reject", "delete" -> {
                m.put("Success", false);
                m.put(
                        "Error",
                        "Caravel has no node approval: every worker that heartbeats is approved; stop the"
                                + " worker to take its node out");
            }
            default ->
                    throw ApiError.badRequest(
                            "Action: \"" + action + "\" is not approve, reject or delete", "");
        }
        json.ok(ctx, m);
    }

    private Registry registry() {
        NodeRegistryWorkflow stub =
                client.newWorkflowStub(
                        NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID);
        try {
            Set<String> connected =
                    stub.nodes().stream().map(NodeInfo::nodeId).collect(Collectors.toSet());
            return new Registry(stub.allNodes(), connected);
        } catch (RuntimeException e) {
            if (ApiErrors.find(e, io.temporal.client.WorkflowNotFoundException.class) != null) {
                return new Registry(List.of(), Set.of()); // no worker has started the registry yet
            }
            throw e;
        }
    }

    private record Registry(List<NodeInfo> all, Set<String> connectedIds) {
        boolean connected(NodeInfo n) {
            return connectedIds.contains(n.nodeId());
        }
    }
}
