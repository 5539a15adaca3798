package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code caravel worker} hands every worker flag to the worker, those the root also knows included.
 */
class WorkerCommandTest {
    private static WorkerCommand parsed(String... args) {
        CommandLine cl =
                CaravelCommand.commandLine(
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()),
                        new ByteArrayInputStream(new byte[0]),
                        Map.of());
        CommandLine.ParseResult result = cl.parseArgs(args);
        return (WorkerCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void namespaceAndTlsAfterTheVerbReachTheWorker() {
        WorkerCommand worker = parsed("worker", "--namespace=jobs", "--tls=true", "--node-id=a");

        assertThat(worker.workerArgs())
                .containsExactly("--namespace=jobs", "--tls=true", "--node-id=a");
    }

    @Test
    void namespaceBeforeTheVerbReachesTheWorkerToo() {
        WorkerCommand worker = parsed("--namespace=jobs", "worker", "--node-id=a");

        assertThat(worker.workerArgs()).containsExactly("--namespace=jobs", "--node-id=a");
    }

    @Test
    void otherFlagsPassAsGiven() {
        assertThat(parsed("worker", "--engines=noop", "--config", "w.yaml").workerArgs())
                .containsExactly("--engines=noop", "--config", "w.yaml");
    }
}
