package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.providers.docker.DockerClients;
import io.caravel.activities.providers.docker.DockerEngine;
import io.caravel.activities.providers.inline.InlineSource;
import io.caravel.activities.providers.noop.NoopPublisher;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.api.providers.inline.InlineSourceSpec;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.model.JobResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A docker job through JobWorkflow on a real worker node and the real Docker daemon
 * (scripts/docker-dev.sh).
 */
class DockerJobTest {
    @TempDir Path storage;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aDockerJobRunsItsContainerWithAnInlineInputAndCompletes() throws Exception {
        String text = "hello from an inline input\n";
        try (TestCluster cluster = new TestCluster()) {
            TestNode node =
                    new TestNode(
                            cluster.newClient(),
                            "node-docker",
                            new Resources(2_000, 4L << 30, 10L << 30, 0),
                            new DockerEngine(DockerClients.DEFAULT_HOST),
                            storage,
                            List.of(new InlineSource()),
                            List.of(new NoopPublisher()));
            node.start();

            JobResult result =
                    cluster.submit(
                                    """
                    Name: docker-job
                    Type: batch
                    Count: 1
                    Tasks:
                      - Name: main
                        Engine:
                          Type: docker
                          Params:
                            Image: caravel-test/busybox:1
                            Entrypoint: [/bin/sh, -c]
                            Parameters: ["cat /inputs/greeting.txt; echo $GREETING; echo oops >&2"]
                            EnvironmentVariables: [GREETING=from-the-engine]
                        Resources:
                          CPU: 500m
                          Memory: 64Mi
                        Network:
                          Type: None
                        InputSources:
                          - Target: /inputs/greeting.txt
                            Source:
                              Type: inline
                              Params:
                                URL: "%s"
                    """
                                            .formatted(
                                                    InlineSourceSpec.of(
                                                                    "text/plain",
                                                                    text.getBytes(
                                                                            StandardCharsets.UTF_8))
                                                            .url()))
                            .getResult(110, TimeUnit.SECONDS, JobResult.class);

            assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
            assertThat(result.executions())
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(e.state()).isEqualTo(ExecutionStateType.COMPLETED);
                                assertThat(e.runOutput().stdout())
                                        .isEqualTo(text + "from-the-engine\n");
                                assertThat(e.runOutput().stderr()).isEqualTo("oops\n");
                                assertThat(e.runOutput().exitCode()).isZero();
                            });
            node.kill();
        }
    }
}
