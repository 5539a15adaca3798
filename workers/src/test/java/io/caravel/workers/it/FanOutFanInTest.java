package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.quantity.Resources;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import io.caravel.workflows.examples.FanOutFanInWorkflow;
import io.caravel.workflows.model.JobResult;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example parent workflow on real workers: three shard jobs run as child workflows at once,
 * then the combining job runs with every shard's published result among its inputs.
 */
class FanOutFanInTest {
    @TempDir Path storage;

    /** Stands in for the local publisher (issue #4): answers with a URL naming the execution. */
    static final class UrlPublisher implements Publisher {
        @Override
        public String type() {
            return "local";
        }

        @Override
        public SpecConfig publish(ExecutionContext execution) {
            return SpecConfig.of(
                    "urlDownload",
                    Map.of("URL", "http://127.0.0.1:6001/" + execution.executionId() + ".tar.gz"));
        }
    }

    /** Stands in for the URL source (issue #7): records the URLs it is asked for. */
    static final class RecordingUrlSource implements InputSourceProvider {
        final Set<String> urls = ConcurrentHashMap.newKeySet();

        @Override
        public String type() {
            return "urlDownload";
        }

        @Override
        public StagedInput stage(InputSource source, Path scratchDir, ExecutionContext execution) {
            String url = String.valueOf(source.source().params().get("URL"));
            urls.add(url);
            try {
                Path file = Files.writeString(scratchDir.resolve("result.tar.gz"), url);
                return new StagedInput(file.toString(), source.target(), true, Files.size(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static Job job(String name, String extra) {
        return JobSpecs.parseSpecFile(
                        "Name: "
                                + name
                                + "\nType: batch\nCount: 1\nTasks:\n  - Name: main\n"
                                + "    Engine:\n      Type: noop\n"
                                + extra)
                .job();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shardsFanOutAndTheirResultsFeedTheCombiningJob() throws InterruptedException {
        RecordingUrlSource urls = new RecordingUrlSource();
        try (TestCluster cluster = new TestCluster()) {
            TestNode node =
                    new TestNode(
                            cluster.newClient(),
                            "node-1",
                            new Resources(8_000, 16L << 30, 10L << 30, 0),
                            new NoopEngine(),
                            storage,
                            List.of(urls),
                            List.of(new UrlPublisher()));
            node.start();
            String publishLocal = "    Publisher:\n      Type: local\n";
            List<Job> shards =
                    List.of(
                            job("shard-0", publishLocal),
                            job("shard-1", publishLocal),
                            job("shard-2", publishLocal));

            FanOutFanInWorkflow parent =
                    cluster.env
                            .getWorkflowClient()
                            .newWorkflowStub(
                                    FanOutFanInWorkflow.class,
                                    WorkflowOptions.newBuilder()
                                            .setWorkflowId("fan-" + System.nanoTime())
                                            .setTaskQueue(TaskQueues.DEFAULT)
                                            .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                                            .build());
            JobResult combined = parent.run(shards, job("combine", ""));

            assertThat(combined.state()).isEqualTo(JobStateType.COMPLETED);
            assertThat(urls.urls)
                    .hasSize(3)
                    .allMatch(u -> u.matches("http://127\\.0\\.0\\.1:6001/e-.*\\.tar\\.gz"));
            node.kill();
        }
    }
}
