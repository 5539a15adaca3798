package io.caravel.workflows;

import io.caravel.api.model.NetworkType;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.RegistryActivities;
import io.caravel.workflows.model.NodeInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The node list as the registry would answer it: whatever the test put in {@link #nodes}. */
final class FakeRegistry implements RegistryActivities {
    static final long GIB = 1024L * 1024 * 1024;

    final List<NodeInfo> nodes = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    /**
     * What {@link #listRecentNodes()} answers, the node list as the worker read it a moment ago;
     * null for the current {@link #nodes}.
     */
    volatile List<NodeInfo> recent;

    final AtomicInteger recentCalls = new AtomicInteger();

    @Override
    public List<NodeInfo> listNodes() {
        calls.incrementAndGet();
        return List.copyOf(nodes);
    }

    @Override
    public List<NodeInfo> listRecentNodes() {
        recentCalls.incrementAndGet();
        List<NodeInfo> older = recent;
        return List.copyOf(older == null ? nodes : older);
    }

    /** A 4-CPU, 8 GiB node with {@code gpus} GPUs that runs docker, wasm and noop. */
    static NodeInfo node(String id, long gpus, Map<String, String> labels) {
        Resources capacity = new Resources(4000, 8 * GIB, 100 * GIB, gpus);
        return new NodeInfo(
                id,
                TaskQueues.node(id),
                capacity,
                capacity,
                labels,
                Set.of("docker", "wasm", "noop"),
                Set.of("s3", "ipfs", "urlDownload", "inline", "local"),
                Set.of("local", "s3", "ipfs", "noop"),
                Set.of(NetworkType.NONE, NetworkType.HOST, NetworkType.HTTP, NetworkType.BRIDGE),
                List.of(),
                "",
                0);
    }
}
