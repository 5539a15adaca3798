package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.OrchestrationSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caravel job list} against the real {@code temporal server start-dev} that {@code
 * scripts/temporal-dev.sh} starts (the embedded server cannot list): a job run through the CLI is
 * found by its state. A server that is not there fails the test: CI starts it.
 */
class JobListOnDevServerTest {
    private static final String ADDRESS =
            System.getenv().getOrDefault("CARAVEL_TEST_TEMPORAL_ADDRESS", "127.0.0.1:7233");

    @TempDir Path storage;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aJobRunThroughTheCliIsListedByItsState() throws InterruptedException {
        String[] hostPort = ADDRESS.split(":");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2_000);
        } catch (IOException e) {
            throw new AssertionError(
                    "no Temporal server at " + ADDRESS + "; start one with scripts/temporal-dev.sh",
                    e);
        }
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(ADDRESS)
                        .nodeId("cli-" + UUID.randomUUID().toString().substring(0, 8))
                        .capacityGpus("0")
                        .storageDir(storage)
                        .searchAttributes(true)
                        .resultsPort(0)
                        .heartbeatInterval(Duration.ofMillis(500))
                        .build();
        try (WorkerProcess worker =
                WorkerProcess.start(
                        config, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS))) {
            Cli cli = Cli.at(ADDRESS);
            // A Name of its own: a Name is a job's key, so rerunning examples/noop.yaml would
            // update one job.
            String name = BacalhauConventionsTest.unique("list-by-state");
            Cli.Result run =
                    cli.stdin(BacalhauConventionsTest.spec(name, "hello")).run("job", "run", "-");
            assertThat(run.code()).as(run.toString()).isZero();
            String id = JobCommandsTest.jobId(run.out());

            Cli.Result list =
                    cli.run("job", "list", "--wide", "--state", "Completed", "--limit", "200");
            for (int i = 0; i < 100 && !list.out().contains(id); i++) {
                Thread.sleep(100);
                list = cli.run("job", "list", "--wide", "--state", "Completed", "--limit", "200");
            }
            assertThat(list.code()).as(list.toString()).isZero();
            assertThat(list.out()).contains(id).contains(name).contains("batch");
            assertThat(
                            cli.run("job", "list", "--wide", "--state", "Failed", "--limit", "200")
                                    .out())
                    .doesNotContain(id);
        }
    }
}
