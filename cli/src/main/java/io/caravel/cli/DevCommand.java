package io.caravel.cli;

import io.caravel.cli.embedded.EmbeddedCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caravel dev}: the embedded default, a Temporal test server on 127.0.0.1 and one worker,
 * until Ctrl-C. Nothing survives a restart: the test server keeps its state in memory.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Starts an in-memory Temporal server on 127.0.0.1 and a worker, until Ctrl-C.")
final class DevCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "7233", description = "The port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--storage", paramLabel = "DIR", description = "Where executions keep their files "
            + "(default ~/.caravel/dev).")
    Path storage;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = storage != null ? storage : Path.of(System.getProperty("user.home"), ".caravel", "dev");
        EmbeddedCluster cluster;
        try {
            cluster = EmbeddedCluster.start(port, dir, Duration.ofSeconds(5));
        } catch (EmbeddedCluster.PortInUseException e) {
            throw new CliException(e.getMessage(), "is `caravel dev` or a Temporal server already running? "
                    + "use it with --address 127.0.0.1:" + port + ", or pick another port with --port");
        } catch (IOException e) {
            throw new CliException("cannot start the embedded Temporal server: " + e.getMessage(), "");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "caravel-dev-shutdown"));
        String address = cluster.address();
        String portFlag = port == 7233 ? "" : " --address " + address;
        out.println("Temporal (in memory) listening on " + address + ", namespace default");
        out.println("Worker node " + EmbeddedCluster.NODE_ID + " polling; executions stored in " + dir);
        out.println();
        out.println("Submit a job:   caravel job run" + portFlag + " examples/noop.yaml");
        out.println("Or with Temporal's CLI: temporal workflow start --address " + address
                + " --type JobWorkflow --task-queue caravel --input-file job.json");
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
