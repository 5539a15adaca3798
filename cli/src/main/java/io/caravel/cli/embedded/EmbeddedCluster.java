package io.caravel.cli.embedded;

import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.OrchestrationSettings;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded default: a Temporal server on 127.0.0.1 ({@link EmbeddedServer}: the in-memory
 * {@link LoopbackTestServer}, or {@link DevTemporalServer}) and one in-process worker with the
 * built-in providers, started and stopped together. {@code caravel dev} keeps one until Ctrl-C;
 * {@code job run --embedded} starts one for a single job.
 */
public final class EmbeddedCluster implements AutoCloseable {
    /** The node id of the embedded worker, unless its configuration names another. */
    public static final String NODE_ID = EmbeddedWorkerConfig.NODE_ID;

    private final EmbeddedServer server;
    private final WorkerProcess worker;
    private final WorkerConfig config;

    private EmbeddedCluster(EmbeddedServer server, WorkerProcess worker, WorkerConfig config) {
        this.server = server;
        this.worker = worker;
        this.config = config;
    }

    /**
     * Starts a worker configured by {@code config} (from {@link EmbeddedWorkerConfig#resolve})
     * connected to {@code server}, which runs already; the cluster owns the server from here on and
     * stops it when the worker cannot start.
     */
    public static EmbeddedCluster start(EmbeddedServer server, WorkerConfig config) {
        try {
            WorkerConfig connected = EmbeddedWorkerConfig.connectedTo(config, server.address());
            WorkerProcess worker =
                    WorkerProcess.start(
                            connected, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS));
            return new EmbeddedCluster(server, worker, connected);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Starts the in-memory server on 127.0.0.1:{@code port} (0: a free port) and a worker with the
     * built-in defaults (engines noop and wasm, no configuration layers) storing its executions
     * under {@code storageDir}: the fixed cluster tests share.
     *
     * @throws PortInUseException when {@code port} is taken
     * @throws IOException when the server cannot start for another reason
     */
    public static EmbeddedCluster start(int port, Path storageDir, Duration shutdownGrace)
            throws IOException {
        LoopbackTestServer server = startInMemory(port);
        WorkerConfig config =
                WorkerConfig.builder()
                        .nodeId(NODE_ID)
                        .storageDir(storageDir)
                        .shutdownGracePeriod(shutdownGrace)
                        // `caravel dev` serves results where Bacalhau's local publisher does
                        // (6001); a
                        // cluster on a free port (one job, tests) takes a free results port too.
                        .resultsPort(port == 0 ? 0 : WorkerConfig.DEFAULT_RESULTS_PORT)
                        .build();
        return start(server, config);
    }

    /**
     * The in-memory server on 127.0.0.1:{@code port} (0: a free port).
     *
     * @throws PortInUseException when {@code port} is taken
     * @throws IOException when the server cannot start for another reason
     */
    public static LoopbackTestServer startInMemory(int port) throws IOException {
        try {
            return LoopbackTestServer.start(port);
        } catch (IOException e) {
            if (isBindFailure(e)) {
                throw new PortInUseException(port, e);
            }
            throw e;
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("in use"))) {
                return true;
            }
        }
        return false;
    }

    /** Where clients connect: {@code 127.0.0.1:<port>}. */
    public String address() {
        return server.address();
    }

    /** The server. */
    public EmbeddedServer server() {
        return server;
    }

    /** The worker's configuration, connected to the server. */
    public WorkerConfig config() {
        return config;
    }

    /** The worker, for tests. */
    public WorkerProcess worker() {
        return worker;
    }

    /** Stops the worker (gracefully), then the server. Safe to call twice. */
    @Override
    public void close() {
        try {
            worker.stop();
        } finally {
            server.close();
        }
    }

    /** The server's port is already bound by another process. */
    public static final class PortInUseException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int port;

        PortInUseException(int port, Throwable cause) {
            super("port " + port + " on 127.0.0.1 is already in use", cause);
            this.port = port;
        }

        public int port() {
            return port;
        }
    }
}
