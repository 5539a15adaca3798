package io.caravel.activities.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.TestJobs;
import io.caravel.activities.cache.InputCache;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.activities.providers.inline.InlineSource;
import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.activities.providers.noop.NoopPublisher;
import io.caravel.activities.providers.url.UrlDownloadSource;
import io.caravel.api.env.HostEnvResolver;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.ExecutionRequest;
import io.caravel.workflows.activities.NodeClaim;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused destination fails staging at once, not retried, naming the input by its index and the
 * rule.
 */
@Tag("security")
@Timeout(60)
class OutboundRefusalNodeTest {
    @TempDir Path storage;

    @Test
    void aLoopbackUrlInputFailsStagingNamingTheInputAndTheRule() {
        NodeActivitiesImpl impl =
                new NodeActivitiesImpl(
                        "n1",
                        new ExecutionDirs(storage),
                        NodePolicy.builder("n1")
                                .engines("noop")
                                .sources("inline", "urldownload")
                                .publishers("noop")
                                .build(),
                        new NodeLedger(new Resources(4000, 1L << 30, 0, 0), List.of()),
                        Map.of("noop", new NoopEngine()),
                        Map.of(
                                "inline",
                                new InlineSource(),
                                "urlDownload",
                                new UrlDownloadSource(
                                        InputCache.disabled(), Duration.ofSeconds(5), 1_000, 3)),
                        Map.of("noop", new NoopPublisher()),
                        new HostEnvResolver(List.of(), name -> null));
        Task task =
                TestJobs.noopTask(Map.of())
                        .inputSources(
                                List.of(
                                        new InputSource(
                                                SpecConfig.of(
                                                        "inline", Map.of("URL", "data:,hello")),
                                                "",
                                                "/in/a"),
                                        new InputSource(
                                                SpecConfig.of(
                                                        "urlDownload",
                                                        Map.of("URL", "http://127.0.0.1:9/x")),
                                                "",
                                                "/in/b")))
                        .build();

        try (NodeActivitiesHarness harness =
                NodeActivitiesHarness.start(impl, Duration.ofSeconds(5))) {
            ApplicationFailure failure;
            try {
                harness.activities()
                        .stageInputs(
                                new ExecutionRequest(
                                        TestJobs.job(task),
                                        "e-1",
                                        0,
                                        new NodeClaim("n1", "caravel-node-n1", "e-1", List.of())));
                throw new AssertionError("staging a loopback URL succeeded");
            } catch (ActivityFailure e) {
                failure = (ApplicationFailure) e.getCause();
            }

            assertThat(failure.getType()).isEqualTo(ErrorCode.DESTINATION_REFUSED.name());
            assertThat(failure.isNonRetryable()).isTrue();
            assertThat(failure.getOriginalMessage())
                    .startsWith(
                            "input 1 (urlDownload http://127.0.0.1:9/x):"
                                    + " destination 127.0.0.1 is loopback, which this node does not fetch from for jobs (allow it"
                                    + " with fetchAllowedNetworks)\nhint: ");
        }
    }
}
