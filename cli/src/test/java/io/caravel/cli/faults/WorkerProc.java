package io.caravel.cli.faults;

import io.caravel.workflows.model.NodeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code caravel worker} child process ({@code java -jar cli/target/caravel.jar worker ...}) with
 * the docker engine, its own node id and storage dir, and its log in a file kept for failure
 * messages. {@link #restart()} starts it again with the same node id and storage dir.
 *
 * <p>The node grace period is passed as {@code CARAVEL_NODE_GRACE_PERIOD} (key {@code
 * nodeGracePeriod}): a worker that does not know the key yet ignores the variable, where an unknown
 * flag would stop it.
 */
final class WorkerProc implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Settings settings;
    private LoggedProcess process;
    private long startedAtMillis;

    /**
     * @param nodeGracePeriod how long a silent node's executions wait for it before they are placed
     *     elsewhere (the worker setting {@code nodeGracePeriod})
     * @param env more {@code CARAVEL_*} settings of the worker
     */
    record Settings(
            String nodeId,
            String temporalAddress,
            String dockerHost,
            Path storageDir,
            Path log,
            Duration nodeGracePeriod,
            Map<String, String> env) {}

    private WorkerProc(Settings settings) {
        this.settings = settings;
    }

    static WorkerProc start(Settings settings) {
        WorkerProc worker = new WorkerProc(settings);
        worker.launch();
        return worker;
    }

    String nodeId() {
        return settings.nodeId();
    }

    Path storageDir() {
        return settings.storageDir();
    }

    /** Starts the process again, same node id and storage dir; the previous one must have ended. */
    void restart() {
        if (process != null && process.alive()) {
            throw new IllegalStateException("worker " + nodeId() + " is still running");
        }
        launch();
    }

    private void launch() {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Tools.java().toString(),
                                "-Xmx384m",
                                "-XX:+UseSerialGC",
                                "-XX:TieredStopAtLevel=1"));
        Path jar = Tools.caravelJar();
        Path archive = jar.resolveSibling("caravel.jsa");
        if (Files.isRegularFile(archive)) {
            command.addAll(
                    List.of(
                            "-Xlog:cds=off",
                            "-Xlog:cds+dynamic=off",
                            "-XX:SharedArchiveFile=" + archive));
        }
        command.addAll(
                List.of(
                        "-jar",
                        jar.toString(),
                        "worker",
                        "--temporal-address=" + settings.temporalAddress(),
                        "--node-id=" + settings.nodeId(),
                        "--engines=docker",
                        "--docker-host=" + settings.dockerHost(),
                        "--docker-skip-image-pull=true",
                        "--storage-dir=" + settings.storageDir(),
                        "--network-types=None",
                        "--results-port=0",
                        "--heartbeat-interval=1s",
                        "--shutdown-grace-period=5s",
                        "--capacity-cpu=8",
                        "--capacity-memory=8Gi",
                        "--capacity-disk=20Gi",
                        "--capacity-gpus=0"));
        Map<String, String> env = new java.util.HashMap<>(settings.env());
        env.put("CARAVEL_NODE_GRACE_PERIOD", settings.nodeGracePeriod().toSeconds() + "s");
        startedAtMillis = System.currentTimeMillis();
        process = LoggedProcess.start("worker " + nodeId(), command, env, true, settings.log());
    }

    /**
     * Waits until the node registry has a heartbeat of this process (not of an earlier one of the
     * node).
     */
    void awaitRegistered(JobClient client) {
        Await.until(
                "worker " + nodeId() + " registered",
                STARTUP,
                () -> {
                    if (!process.alive()) {
                        throw new AssertionError(
                                "worker " + nodeId() + " exited at start-up:\n" + logTail());
                    }
                    Optional<NodeInfo> node = client.node(nodeId());
                    return node.isPresent() && node.get().lastSeenMillis() >= startedAtMillis;
                },
                this::logTail);
    }

    /** SIGKILL: the worker dies at once, its containers keep running. */
    void kill9() {
        process.kill9();
    }

    /** SIGTERM: the worker shuts down as a service manager asks it to; does not wait. */
    void sigterm() {
        process.sigterm();
    }

    boolean awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    boolean alive() {
        return process != null && process.alive();
    }

    String logTail() {
        return process == null ? "" : process.logTail(4000);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }

    @Override
    public String toString() {
        return "worker " + nodeId() + " (log " + settings.log() + ")";
    }
}
