package io.caravel.workflows.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.NodeInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeEligibilityTest {
    private static final long GIB = 1024L * 1024 * 1024;
    private static final Resources SMALL = new Resources(500, GIB, 0, 0);

    private static NodeInfo node(
            String id,
            Resources capacity,
            Map<String, String> labels,
            Set<String> engines,
            Set<NetworkType> networks) {
        return new NodeInfo(
                id,
                TaskQueues.node(id),
                capacity,
                capacity,
                labels,
                engines,
                Set.of("s3", "local"),
                Set.of("local"),
                networks,
                List.of(),
                "",
                0);
    }

    private static NodeInfo plain(String id, long gpus) {
        return node(
                id,
                new Resources(4000, 8 * GIB, 0, gpus),
                Map.of("region", "eu"),
                Set.of("docker"),
                Set.of(NetworkType.NONE));
    }

    private static Job job(Task.Builder task, List<LabelSelectorRequirement> constraints) {
        return Job.builder()
                .type("batch")
                .count(1)
                .constraints(constraints)
                .task(task.name("main").engine(SpecConfig.of("docker")).build())
                .build();
    }

    private static Job job() {
        return job(Task.builder(), List.of());
    }

    @Test
    void aNodeThatHasEverythingIsEligible() {
        assertThat(NodeEligibility.reasons(job(), SMALL, plain("n1", 0))).isEmpty();
        assertThat(NodeEligibility.isEligible(job(), SMALL, plain("n1", 0))).isTrue();
    }

    @Test
    void namesEveryShortfallOfTheNodesTotalCapacity() {
        Resources huge = new Resources(8000, 16 * GIB, 10 * GIB, 2);
        assertThat(NodeEligibility.reasons(job(), huge, plain("n1", 1)))
                .containsExactly(
                        "needs 8 CPU, has 4 CPU",
                        "needs 16.00 GiB memory, has 8.00 GiB",
                        "needs 10.00 GiB disk, has 0 B",
                        "needs 2 GPUs, has 1");
    }

    @Test
    void checksEngineSourcesPublisherNetworkAndLabels() {
        Task.Builder task =
                Task.builder()
                        .inputSources(List.of(new InputSource(SpecConfig.of("ipfs"), "", "/in")))
                        .publisher(SpecConfig.of("s3"))
                        .network(
                                new NetworkConfig(
                                        NetworkType.HTTP, List.of("example.com"), List.of()));
        Job job =
                job(task, List.of(new LabelSelectorRequirement("region", "=", List.of("us"))))
                        .toBuilder()
                        .build();
        Job wasm =
                job.toBuilder()
                        .task(
                                job.task().orElseThrow().toBuilder()
                                        .engine(SpecConfig.of("wasm"))
                                        .build())
                        .build();
        assertThat(NodeEligibility.reasons(wasm, SMALL, plain("n1", 0)))
                .containsExactly(
                        "does not run engine wasm (runs docker)",
                        "does not read input source ipfs (reads local, s3)",
                        "does not publish to s3 (publishes to local)",
                        "does not accept network HTTP (accepts None)",
                        "labels do not match region=us");
    }

    @Test
    void typesAreComparedCaseInsensitivelyAndLocalDirectoryCountsAsLocal() {
        Task.Builder task =
                Task.builder()
                        .inputSources(
                                List.of(
                                        new InputSource(
                                                SpecConfig.of("localDirectory"), "", "/in")))
                        .publisher(SpecConfig.of("LOCAL"));
        Job job = job(task, List.of());
        Job upper =
                job.toBuilder()
                        .task(
                                job.task().orElseThrow().toBuilder()
                                        .engine(SpecConfig.of(" Docker "))
                                        .build())
                        .build();
        assertThat(NodeEligibility.reasons(upper, SMALL, plain("n1", 0))).isEmpty();
    }

    @Test
    void defaultNetworkSuitsEveryNodeAndFullIsHost() {
        assertThat(NodeEligibility.acceptsNetwork(Set.of(), NetworkType.DEFAULT)).isTrue();
        assertThat(NodeEligibility.acceptsNetwork(Set.of(NetworkType.HOST), NetworkType.FULL))
                .isTrue();
        assertThat(NodeEligibility.acceptsNetwork(Set.of(NetworkType.FULL), NetworkType.HOST))
                .isTrue();
        assertThat(NodeEligibility.acceptsNetwork(Set.of(NetworkType.NONE), NetworkType.BRIDGE))
                .isFalse();
    }

    @Test
    void explainsWhatNoNodeHasFirst() {
        Resources twoGpus = new Resources(500, GIB, 0, 2);
        assertThat(
                        NodeEligibility.explainNone(
                                job(), twoGpus, List.of(plain("n1", 0), plain("n2", 0))))
                .isEqualTo("no node with 2 GPUs; the largest has 0");
        Job onMars =
                job(
                        Task.builder(),
                        List.of(new LabelSelectorRequirement("region", "in", List.of("mars"))));
        assertThat(NodeEligibility.explainNone(onMars, twoGpus, List.of(plain("n1", 1))))
                .isEqualTo(
                        "no node with 2 GPUs; the largest has 1; no node has labels matching region in (mars)");
    }

    @Test
    void explainsNodeByNodeWhenEveryNeedIsMetSomewhereButNeverAllTogether() {
        NodeInfo gpuInUs =
                node(
                        "gpu-us",
                        new Resources(4000, 8 * GIB, 0, 1),
                        Map.of("region", "us"),
                        Set.of("docker"),
                        Set.of());
        NodeInfo cpuInEu = plain("cpu-eu", 0);
        Job euGpu =
                job(
                        Task.builder(),
                        List.of(new LabelSelectorRequirement("region", "=", List.of("eu"))));
        assertThat(
                        NodeEligibility.explainNone(
                                euGpu, new Resources(500, GIB, 0, 1), List.of(gpuInUs, cpuInEu)))
                .isEqualTo("gpu-us labels do not match region=eu; cpu-eu needs 1 GPU, has 0");
    }

    @Test
    void saysSoWhenNoNodeIsConnected() {
        assertThat(NodeEligibility.explainNone(job(), SMALL, List.of()))
                .isEqualTo("no node is connected");
    }
}
