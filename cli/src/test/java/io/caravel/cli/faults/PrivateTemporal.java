package io.caravel.cli.faults;

import io.caravel.cli.embedded.DevTemporalServer;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code temporal server start-dev} of one case, on free loopback ports and its own SQLite file,
 * with the flags of scripts/temporal-dev.sh; {@link #kill9()}, {@link #stop()} and {@link #start()}
 * again on the same file and ports. Its log is {@code temporal.log} in its folder.
 */
final class PrivateTemporal implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private final int httpPort;
    private final int metricsPort;
    private LoggedProcess process;

    private PrivateTemporal(Path dir, int port, int httpPort, int metricsPort) {
        this.dir = dir;
        this.port = port;
        this.httpPort = httpPort;
        this.metricsPort = metricsPort;
    }

    /**
     * Starts a server keeping its state in {@code dir}, and waits until it serves the default
     * namespace.
     */
    static PrivateTemporal start(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Integer> ports = FreePorts.take(3);
        PrivateTemporal server = new PrivateTemporal(dir, ports.get(0), ports.get(1), ports.get(2));
        server.start();
        return server;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Starts the server (again) on the same database and ports; returns once it serves. */
    void start() {
        if (process != null && process.alive()) {
            throw new IllegalStateException(
                    "the Temporal server on " + address() + " is already running");
        }
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Tools.temporal().toString(),
                                "server",
                                "start-dev",
                                "--ip",
                                "127.0.0.1",
                                "--port",
                                Integer.toString(port),
                                "--headless",
                                "--http-port",
                                Integer.toString(httpPort),
                                "--metrics-port",
                                Integer.toString(metricsPort),
                                "--db-filename",
                                dir.resolve("temporal.db").toString(),
                                "--log-level",
                                "warn"));
        command.addAll(DevTemporalServer.caravelFlags());
        process =
                LoggedProcess.start(
                        "temporal " + address(),
                        command,
                        Map.of(),
                        false,
                        dir.resolve("temporal.log"));
        Await.until(
                "Temporal dev server on " + address() + " serves namespace default",
                START_TIMEOUT,
                this::serves,
                () -> process.logTail(3000));
    }

    /** SIGKILL, as a crash. */
    void kill9() {
        process.kill9();
    }

    /** SIGTERM, and waits for it to end. */
    void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    String logTail() {
        return process == null ? "" : process.logTail(3000);
    }

    private boolean serves() {
        if (!process.alive()) {
            throw new AssertionError(
                    "the Temporal dev server exited at start-up:\n" + process.logTail(3000));
        }
        WorkflowServiceStubs stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder()
                                .setTarget(address())
                                .setRpcTimeout(Duration.ofSeconds(2))
                                .build());
        try {
            stubs.blockingStub()
                    .describeNamespace(
                            DescribeNamespaceRequest.newBuilder().setNamespace("default").build());
            return true;
        } catch (RuntimeException e) {
            return false;
        } finally {
            stubs.shutdownNow();
        }
    }

    /** Stops the server and deletes its database (the log stays). */
    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        for (String suffix : List.of("", "-wal", "-shm")) {
            try {
                Files.deleteIfExists(dir.resolve("temporal.db" + suffix));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
