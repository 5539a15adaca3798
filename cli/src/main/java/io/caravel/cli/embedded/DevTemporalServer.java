package io.caravel.cli.embedded;

import io.caravel.workflows.SearchAttributes;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real Temporal server for {@code caravel dev}: {@code temporal server start-dev} as a child
 * process, with its SQLite database in a folder of its own (so jobs, {@code job list} and results
 * survive a restart), the flags of {@code scripts/temporal-dev.sh} (Caravel's search attributes,
 * the SQLite pragmas, the dynamic config), the UI on port + 1000 or the next free port, everything
 * on 127.0.0.1. {@link #close()} stops it (SIGTERM, then SIGKILL); a server whose {@code caravel
 * dev} was killed outright is stopped by the next start on the same folder ({@link ServerPidFile}).
 * Where {@code setsid} exists the server runs in a session of its own, so that Ctrl-C reaches only
 * {@code caravel dev}, which stops the worker before the server.
 */
public final class DevTemporalServer implements EmbeddedServer {
    /** The database file in the server's folder. */
    public static final String DATABASE = "temporal.db";

    /** The server's log (stdout and stderr, appended) in its folder. */
    public static final String LOG = "temporal.log";

    static final String PID_FILE = "temporal.pid";

    /**
     * The search attributes Caravel's workflows keep (as scripts/temporal-dev.sh registers them).
     */
    static final List<String> SEARCH_ATTRIBUTES =
            Stream.of(
                            SearchAttributes.JOB_STATE,
                            SearchAttributes.JOB_TYPE,
                            SearchAttributes.JOB_NAME,
                            SearchAttributes.JOB_NAMESPACE)
                    .map(k -> k.getName() + "=Keyword")
                    .toList();

    /**
     * SQLite file in WAL mode, synced at checkpoints: survives the server's crashes
     * (scripts/temporal-dev.sh).
     */
    static final List<String> SQLITE_PRAGMAS = List.of("journal_mode=wal", "synchronous=normal");

    /**
     * One shard's transfer-task poll limit raised from 20/s, as docs/running-on-a-cluster.md
     * explains.
     */
    static final List<String> DYNAMIC_CONFIG = List.of("history.transferProcessorMaxPollRPS=1000");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);
    private static final int LOG_TAIL = 2000;

    private final Path cli;
    private final int port;
    private final int uiPort;
    private final Path dir;
    private final Process process;
    private final ServerPidFile pidFile;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DevTemporalServer(
            Path cli, int port, int uiPort, Path dir, Process process, ServerPidFile pidFile) {
        this.cli = cli;
        this.port = port;
        this.uiPort = uiPort;
        this.dir = dir;
        this.process = process;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code temporal server start-dev} of the Temporal CLI {@code cli} on 127.0.0.1:{@code
     * port} (0: a free port), keeping its state in {@code dir}, and waits until it serves the
     * {@code default} namespace.
     *
     * @param notes where to say what happened on the way (an earlier server stopped, the server
     *     exiting later)
     * @throws EmbeddedCluster.PortInUseException when {@code port} is taken
     * @throws IOException when the server cannot start or does not serve within a minute (with its
     *     log's end)
     */
    public static DevTemporalServer start(Path cli, int port, Path dir, Consumer<String> notes)
            throws IOException {
        Files.createDirectories(dir);
        Path database = dir.resolve(DATABASE).toAbsolutePath();
        ServerPidFile pidFile = new ServerPidFile(dir.resolve(PID_FILE), database);
        try {
            pidFile.clearOrphan(notes);
        } catch (IllegalStateException e) {
            throw new IOException(
                    e.getMessage() + "; stop it, or give this one another --storage", e);
        }
        if (port != 0 && !LoopbackPorts.isFree(port)) {
            throw new EmbeddedCluster.PortInUseException(port, null);
        }
        int frontend = port != 0 ? port : LoopbackPorts.anyFree();
        int ui = LoopbackPorts.firstFreeFrom(frontend + 1000, frontend);
        Path log = dir.resolve(LOG).toAbsolutePath();
        List<String> command = command(cli, frontend, ui, database);
        Files.writeString(
                log,
                "=== caravel dev: " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
        pidFile.write(process.pid());
        DevTemporalServer server =
                new DevTemporalServer(cli, frontend, ui, dir.toAbsolutePath(), process, pidFile);
        try {
            server.awaitServing();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        process.onExit()
                .thenAccept(
                        p -> {
                            if (!server.closed.get()) {
                                notes.accept(
                                        "The Temporal dev server exited (exit code "
                                                + p.exitValue()
                                                + "); jobs cannot run until"
                                                + " caravel dev is started again. Its log: "
                                                + log);
                            }
                        });
        return server;
    }

    private static List<String> command(Path cli, int port, int uiPort, Path database) {
        List<String> command = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                // Not a process-group leader, so setsid execs in place: the pid stays the server's.
                command.add(setsid);
                break;
            }
        }
        command.addAll(
                List.of(
                        cli.toString(),
                        "server",
                        "start-dev",
                        "--ip",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--ui-port",
                        Integer.toString(uiPort),
                        "--db-filename",
                        database.toString(),
                        "--log-level",
                        "warn"));
        command.addAll(caravelFlags());
        return command;
    }

    /**
     * The {@code temporal server start-dev} flags Caravel needs on any dev server (as
     * scripts/temporal-dev.sh passes them): SQLite pragmas, Caravel's search attributes, the raised
     * transfer-task poll rate.
     */
    public static List<String> caravelFlags() {
        List<String> flags = new ArrayList<>();
        SQLITE_PRAGMAS.forEach(p -> flags.addAll(List.of("--sqlite-pragma", p)));
        SEARCH_ATTRIBUTES.forEach(a -> flags.addAll(List.of("--search-attribute", a)));
        DYNAMIC_CONFIG.forEach(v -> flags.addAll(List.of("--dynamic-config-value", v)));
        return flags;
    }

    private void awaitServing() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        WorkflowServiceStubs stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder()
                                .setTarget(address())
                                .setRpcTimeout(Duration.ofSeconds(2))
                                .build());
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException(
                            "the Temporal dev server ("
                                    + cli
                                    + ") exited at start-up with code "
                                    + process.exitValue()
                                    + "; its log "
                                    + log()
                                    + " ends:\n"
                                    + logTail());
                }
                try {
                    stubs.blockingStub()
                            .withDeadlineAfter(2, TimeUnit.SECONDS)
                            .describeNamespace(
                                    DescribeNamespaceRequest.newBuilder()
                                            .setNamespace("default")
                                            .build());
                    return;
                } catch (RuntimeException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException(
                                "the Temporal dev server did not serve on "
                                        + address()
                                        + " within "
                                        + START_TIMEOUT.toSeconds()
                                        + " s; its log "
                                        + log()
                                        + " ends:\n"
                                        + logTail());
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(
                            "interrupted while the Temporal dev server was starting", e);
                }
            }
        } finally {
            stubs.shutdownNow();
        }
    }

    @Override
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** The UI's URL. */
    public String uiUrl() {
        return "http://127.0.0.1:" + uiPort;
    }

    /** The SQLite database. */
    public Path database() {
        return dir.resolve(DATABASE);
    }

    /** The server's log. */
    public Path log() {
        return dir.resolve(LOG);
    }

    /** The server process, for tests. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public List<String> describe() {
        return List.of(
                "Temporal dev server ("
                        + cli
                        + " server start-dev) listening on "
                        + address()
                        + ", namespace default",
                "  data: " + database() + " (jobs, job list and results survive a restart)",
                "  UI:   " + uiUrl() + "   log: " + log());
    }

    @Override
    public boolean durable() {
        return true;
    }

    /** SIGTERM, up to 10 s to end, then SIGKILL. Safe to call twice. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        pidFile.delete();
    }

    private String logTail() {
        try {
            String text = new String(Files.readAllBytes(log()), StandardCharsets.UTF_8);
            return text.length() <= LOG_TAIL
                    ? text
                    : "..." + text.substring(text.length() - LOG_TAIL);
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }
}
