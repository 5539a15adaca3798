package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.spec.JobSpecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job started, awaited and described with the real Temporal CLI (as docs/temporal-cli-and-ui.md
 * shows), against the dev server, with a Caravel worker running. The CLI binary is the one {@code
 * scripts/temporal-dev.sh} installs ({@code CARAVEL_TEMPORAL_CLI} overrides).
 */
class TemporalCliTest {
    private static final String CLI =
            System.getenv()
                    .getOrDefault(
                            "CARAVEL_TEMPORAL_CLI",
                            System.getProperty("user.home") + "/go/bin/temporal");

    @TempDir Path storage;

    private DevServerWorker server;

    @BeforeEach
    void startWorker() {
        server = new DevServerWorker(storage);
    }

    @AfterEach
    void stopWorker() {
        server.close();
    }

    private static String temporal(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CLI));
        command.addAll(List.of(args));
        command.addAll(List.of("--address", DevServerWorker.ADDRESS));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("temporal %s finished", args[0]).isTrue();
        assertThat(p.exitValue()).as("temporal %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aJobStartedWithTheTemporalCliCompletesAndIsDescribed() throws Exception {
        Path job =
                Files.writeString(
                        storage.resolve("job.json"),
                        """
                {"Name": "from-temporal-cli", "Type": "batch", "Count": 1,
                 "Tasks": [{"Name": "main",
                            "Engine": {"Type": "noop", "Params": {"Stdout": "hello from the Temporal CLI"}}}]}
                """);
        String id = JobSpecs.newJobId();

        temporal(
                "workflow",
                "start",
                "--type",
                "JobWorkflow",
                "--task-queue",
                "caravel",
                "--workflow-id",
                id,
                "--input-file",
                job.toString());
        String result = temporal("workflow", "result", "--workflow-id", id);
        String describe = temporal("workflow", "query", "--workflow-id", id, "--type", "describe");

        assertThat(result)
                .contains("COMPLETED")
                .contains("\"State\":\"Completed\"")
                .contains("hello from the Temporal CLI")
                .contains("\"JobID\":\"" + id + "\"");
        assertThat(describe).contains("\"Name\":\"from-temporal-cli\"").contains("Job submitted");
    }
}
