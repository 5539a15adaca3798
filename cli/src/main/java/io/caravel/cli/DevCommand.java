package io.caravel.cli;

import io.caravel.cli.embedded.DevTemporalServer;
import io.caravel.cli.embedded.EmbeddedCluster;
import io.caravel.cli.embedded.EmbeddedServer;
import io.caravel.cli.embedded.EmbeddedWorkerConfig;
import io.caravel.cli.embedded.TemporalCliLocator;
import io.caravel.workers.config.WorkerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caravel dev}: the embedded default, a Temporal server on 127.0.0.1 and one worker, until
 * Ctrl-C (or SIGTERM, or an interrupt of the thread that runs it). The server is a {@code temporal
 * server start-dev} child process keeping its state under {@code --storage} when the Temporal CLI
 * is installed, else (and with {@code --in-memory}) the in-memory Java test server.
 */
@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a Temporal server on 127.0.0.1 and a worker, until Ctrl-C.",
            "The server is `temporal server start-dev` with its data under --storage when the Temporal CLI is"
                    + " installed (jobs, job list and results survive a restart), else an in-memory test server."
        })
final class DevCommand implements Callable<Integer> {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    /** The folder of the Temporal server's database and log under the storage folder. */
    static final String TEMPORAL_DIR = "temporal";

    @Spec CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "7233",
            description =
                    "The Temporal frontend's port (default "
                            + "${DEFAULT-VALUE}); the UI takes port + 1000, or the next free port.")
    int port;

    @Option(
            names = "--storage",
            paramLabel = "DIR",
            description =
                    "Where the server keeps its database and the "
                            + "worker its executions (default ~/.caravel/dev).")
    Path storage;

    @Option(
            names = "--in-memory",
            description =
                    "Run the in-memory Temporal test server even when the Temporal CLI "
                            + "is installed: nothing survives a restart, no job list, no UI.")
    boolean inMemory;

    @Option(
            names = "--api-port",
            defaultValue = "1234",
            description =
                    "The port of the Bacalhau API on 127.0.0.1"
                            + " (default ${DEFAULT-VALUE}, Bacalhau's, so `bacalhau` works with no flags); when taken, caravel dev goes"
                            + " on without it.")
    int apiPort;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "The worker's configuration file, as `caravel "
                            + "worker --config` reads it (default $CARAVEL_CONFIG); CARAVEL_* variables apply too.")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        CaravelCommand root = (CaravelCommand) spec.root().userObject();
        Path dir =
                storage != null
                        ? storage
                        : Path.of(System.getProperty("user.home"), ".caravel", "dev");
        Optional<Path> temporalCli =
                inMemory ? Optional.empty() : TemporalCliLocator.find(root.env());
        EmbeddedWorkerConfig.Resolved worker =
                EmbeddedWorkerConfig.resolve(
                        EmbeddedWorkerConfig.Defaults.dev(
                                dir,
                                port == 0 ? 0 : WorkerConfig.DEFAULT_RESULTS_PORT,
                                SHUTDOWN_GRACE,
                                temporalCli.isPresent()),
                        Optional.ofNullable(config),
                        root.env());
        EmbeddedCluster cluster;
        try {
            cluster = EmbeddedCluster.start(startServer(temporalCli, dir, out), worker.config());
        } catch (UncheckedIOException e) {
            throw new CliException(
                    "cannot start the worker of caravel dev: " + e.getMessage(),
                    "is another caravel dev"
                            + " running? set CARAVEL_RESULTS_PORT to a free port (0 picks one)");
        }
        DevApi api =
                DevApi.start(
                        cluster.address(),
                        apiPort,
                        cluster.config().results().token().orElse(null));
        Thread hook = new Thread(() -> stop(api, cluster, out), "caravel-dev-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        printBanner(out, cluster, temporalCli, worker, api);
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            // Stopped in-process (tests): as Ctrl-C would, without the JVM ending.
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            stop(api, cluster, out);
        }
        return ExitCodes.OK;
    }

    private static void stop(DevApi api, EmbeddedCluster cluster, PrintWriter out) {
        api.close();
        out.println("Stopping the worker, then the Temporal server...");
        out.flush();
        cluster.close();
        out.println("Stopped.");
        out.flush();
    }

    private EmbeddedServer startServer(Optional<Path> temporalCli, Path dir, PrintWriter out) {
        try {
            if (temporalCli.isPresent()) {
                return DevTemporalServer.start(
                        temporalCli.get(),
                        port,
                        dir.resolve(TEMPORAL_DIR),
                        note -> {
                            out.println(note);
                            out.flush();
                        });
            }
            return EmbeddedCluster.startInMemory(port);
        } catch (EmbeddedCluster.PortInUseException e) {
            throw new CliException(
                    e.getMessage(),
                    "is `caravel dev` or a Temporal server already running? "
                            + "use it with --address 127.0.0.1:"
                            + port
                            + ", or pick another port with --port");
        } catch (IOException e) {
            throw new CliException(
                    "cannot start the Temporal server of caravel dev: " + e.getMessage(),
                    temporalCli.isPresent()
                            ? "caravel dev --in-memory runs the in-memory server instead"
                            : "");
        }
    }

    private void printBanner(
            PrintWriter out,
            EmbeddedCluster cluster,
            Optional<Path> temporalCli,
            EmbeddedWorkerConfig.Resolved worker,
            DevApi api) {
        String address = cluster.address();
        cluster.server().describe().forEach(out::println);
        if (!cluster.server().durable()) {
            out.println(
                    inMemory
                            ? "  (--in-memory)"
                            : "  (no Temporal CLI found; install it with "
                                    + "scripts/temporal-dev.sh install, or put `temporal` on the PATH, for a server whose jobs "
                                    + "survive a restart)");
        }
        out.println(
                "Worker node "
                        + cluster.config().nodeId()
                        + " polling; executions stored in "
                        + cluster.config().storageDir());
        worker.engines().lines().forEach(out::println);
        out.println(api.banner());
        out.println();
        String addressFlag = address.equals("127.0.0.1:7233") ? "" : " --address " + address;
        out.println("Submit a job:   caravel job run" + addressFlag + " examples/noop.yaml");
        out.println(
                "Or with Temporal's CLI: temporal workflow start --address "
                        + address
                        + " --type JobWorkflow --task-queue caravel --input-file job.json");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
