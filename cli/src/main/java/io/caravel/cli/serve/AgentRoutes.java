package io.caravel.cli.serve;

import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/agent}: liveness, version, and this server as a Bacalhau node (a requester). */
final class AgentRoutes {
    /** This server's node id in {@code agent node}. */
    static final String NODE_ID = "caravel-api";

    private AgentRoutes() {}

    static void bind(RoutesConfig routes, Json json) {
        routes.get("/api/v1/agent/alive", ctx -> json.ok(ctx, Map.of("Status", "OK")));
        routes.get("/api/v1/agent/version", ctx -> json.ok(ctx, WireModels.version()));
        routes.get("/api/v1/agent/node", ctx -> json.ok(ctx, node()));
        routes.get("/api/v1/agent/config", ctx -> json.ok(ctx, Map.of("config", Map.of())));
    }

    private static Map<String, Object> node() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("NodeID", NODE_ID);
        m.put("NodeType", "Requester");
        m.put("Labels", Map.of());
        m.put("SupportedProtocols", List.of());
        m.put("BacalhauVersion", WireModels.version());
        return m;
    }
}
