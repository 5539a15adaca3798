package io.caravel.workers.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.net.DestinationRefusedException;
import io.caravel.activities.node.NodeContext;
import io.caravel.activities.providers.url.UrlModule;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.inject.NodeContextModule;
import io.caravel.workflows.activities.StagedInputs;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's urlDownload source is bound by the node's outbound policy, its own results server
 * aside.
 */
@Tag("security")
class OutboundWiringTest {
    private static final Job NOOP_JOB =
            Job.builder()
                    .id("j-1")
                    .name("test")
                    .namespace("default")
                    .type("batch")
                    .count(1)
                    .task(
                            Task.builder()
                                    .name("main")
                                    .engine(SpecConfig.of("noop", Map.of()))
                                    .build())
                    .build();

    @TempDir Path tmp;

    @Test
    void theNodesUrlSourceRefusesLoopbackButTrustsItsOwnResultsServer() throws Exception {
        WorkerConfig config =
                WorkerConfig.builder().nodeId("n-1").storageDir(tmp.resolve("storage")).build();
        DestinationPolicy policy = UrlModule.urlDestinations(node(config, Optional.empty()));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");

        assertThat(policy.refusal("127.0.0.1", loopback, WorkerConfig.DEFAULT_RESULTS_PORT))
                .isEmpty();
        assertThat(policy.refusal("127.0.0.1", loopback, 7233)).isPresent();

        InputSourceProvider url =
                new UrlModule()
                        .urlDownload(
                                config.url(),
                                node(config, Optional.empty()),
                                io.caravel.activities.cache.InputCache.disabled());
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        assertThatThrownBy(
                        () ->
                                url.stage(
                                        new InputSource(
                                                SpecConfig.of(
                                                        "urlDownload",
                                                        Map.of("URL", "http://127.0.0.1:7233/")),
                                                "",
                                                "/in"),
                                        scratch,
                                        new ExecutionContext(
                                                NOOP_JOB,
                                                "e-1",
                                                0,
                                                "n-1",
                                                null,
                                                scratch,
                                                scratch.resolve("r"),
                                                scratch.resolve("l"),
                                                StagedInputs.NONE,
                                                Map.of(),
                                                m -> {},
                                                () -> false)))
                .isInstanceOf(DestinationRefusedException.class)
                .hasMessageContaining("is loopback");
    }

    @Test
    void anAdvertisedResultsUrlIsTheTrustedOne() throws Exception {
        WorkerConfig config =
                WorkerConfig.builder()
                        .nodeId("n-1")
                        .resultsAdvertisedUrl("https://results.example.com")
                        .fetchAllowedNetworks(List.of("10.0.0.0/8"))
                        .build();

        assertThat(UrlModule.urlDestinations(node(config, Optional.empty())).entries())
                .containsExactly("10.0.0.0/8", "results.example.com:443");
    }

    @Test
    void withResultsPortZeroTheBoundServerIsTheTrustedOneAndOnlyItsPort() throws Exception {
        WorkerConfig config =
                WorkerConfig.builder()
                        .nodeId("n-1")
                        .storageDir(tmp.resolve("storage"))
                        .resultsPort(0)
                        .build();
        DestinationPolicy policy =
                UrlModule.urlDestinations(node(config, Optional.of("http://127.0.0.1:45678")));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");

        assertThat(policy.refusal("127.0.0.1", loopback, 45678)).isEmpty();
        assertThat(policy.refusal("127.0.0.1", loopback, 45679)).isPresent();
        assertThat(
                        UrlModule.urlDestinations(node(config, Optional.empty()))
                                .refusal("127.0.0.1", loopback, 45678))
                .as("without the bound server a port-0 node trusts no loopback port")
                .isPresent();
    }

    /** The node's context as the worker binds it, its results server bound at {@code boundUrl}. */
    private static NodeContext node(WorkerConfig config, Optional<String> boundUrl) {
        return NodeContextModule.context(config, 100L << 30, boundUrl);
    }
}
