package io.caravel.cli.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything one fault case runs on, owned and cleaned up together: its folder under {@code
 * cli/target/faults/}, its private Temporal server and client, its private Docker daemon, its
 * workers, the container ledger, and the jobs it submitted. {@link #close()} stops the processes,
 * removes every container of its daemon and deletes the workers' storage (logs stay, for failure
 * messages), also when the case failed. Each scene has its own Temporal server and Docker daemon,
 * so scenes run in parallel without seeing each other, and never touch the shared ones.
 */
final class FaultScene implements AutoCloseable {
    private final String name;
    private final Path dir;
    private final String tag;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private final List<WorkerProc> workers = new ArrayList<>();
    private final List<String> jobIds = new ArrayList<>();
    private final PrivateTemporal temporal;
    private final JobClient jobs;
    private final PrivateDockerd dockerd;

    private FaultScene(
            String name,
            Path dir,
            PrivateTemporal temporal,
            JobClient jobs,
            PrivateDockerd dockerd) {
        this.name = name;
        this.dir = dir;
        this.tag = UUID.randomUUID().toString().substring(0, 6);
        this.temporal = temporal;
        this.jobs = jobs;
        this.dockerd = dockerd;
    }

    /**
     * A scene for the case {@code name} (lower-case letters, digits, '-'), with its Temporal server
     * and its Docker daemon started.
     */
    static FaultScene open(String name) {
        Path dir =
                Tools.repoRoot()
                        .resolve("cli/target/faults")
                        .resolve(
                                name
                                        + "-"
                                        + LocalTime.now()
                                                .format(DateTimeFormatter.ofPattern("HHmmss"))
                                        + "-"
                                        + UUID.randomUUID().toString().substring(0, 4));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("[fault] case " + name + ": processes' logs in " + dir);
        PrivateTemporal temporal = PrivateTemporal.start(dir.resolve("temporal"));
        PrivateDockerd dockerd;
        try {
            dockerd = PrivateDockerd.start(dir.resolve("dockerd.log"));
        } catch (RuntimeException | AssertionError e) {
            temporal.close();
            throw e;
        }
        return new FaultScene(name, dir, temporal, JobClient.connect(temporal.address()), dockerd);
    }

    PrivateTemporal temporal() {
        return temporal;
    }

    JobClient jobs() {
        return jobs;
    }

    Path dir() {
        return dir;
    }

    /**
     * The scene's own Docker daemon, with the test image; its workers run their containers there.
     */
    PrivateDockerd dockerd() {
        return dockerd;
    }

    /** Counts the container events of the scene's daemon from now on. */
    ContainerLedger watch() {
        return own(ContainerLedger.watch(dockerd.host()));
    }

    /**
     * Starts a worker {@code f-<case>-<role>-<tag>} on the scene's daemon with a node grace period
     * of {@code nodeGracePeriod}, and waits for its registration.
     */
    WorkerProc worker(String role, Duration nodeGracePeriod) {
        return worker(role, nodeGracePeriod, Map.of());
    }

    /**
     * As {@link #worker(String, Duration)}, with more {@code CARAVEL_*} settings in {@code env}.
     */
    WorkerProc worker(String role, Duration nodeGracePeriod, Map<String, String> env) {
        String dockerHost = dockerd.host();
        String nodeId = ("f-" + name + "-" + role + "-" + tag).toLowerCase();
        Path storage = dir.resolve("storage-" + role);
        WorkerProc worker =
                own(
                        WorkerProc.start(
                                new WorkerProc.Settings(
                                        nodeId,
                                        temporal.address(),
                                        dockerHost,
                                        storage,
                                        dir.resolve("worker-" + role + ".log"),
                                        nodeGracePeriod,
                                        env)));
        workers.add(worker);
        worker.awaitRegistered(jobs);
        return worker;
    }

    /** Submits {@code job}; its containers are removed when the scene closes. */
    String submit(TickJob job, String jobName) {
        return submit(job.spec(jobName));
    }

    /** Submits a job written as YAML; its containers are removed when the scene closes. */
    String submit(String specYaml) {
        String id = jobs.submit(specYaml);
        synchronized (jobIds) {
            jobIds.add(id);
        }
        return id;
    }

    List<String> jobIds() {
        synchronized (jobIds) {
            return List.copyOf(jobIds);
        }
    }

    List<Path> storageDirs() {
        return workers.stream().map(WorkerProc::storageDir).toList();
    }

    /** What the scene's jobs left on its daemon and in the workers' storage. */
    List<String> leftovers() {
        return Leftovers.all(dockerd.cli(), jobIds(), storageDirs());
    }

    /** The logs of the scene's processes, for a failure message. */
    String logs() {
        StringBuilder s = new StringBuilder("scene folder " + dir + "\n");
        for (WorkerProc w : workers) {
            s.append("--- ").append(w).append('\n').append(w.logTail()).append('\n');
        }
        s.append("--- temporal\n")
                .append(temporal.logTail())
                .append("\n--- dockerd: ")
                .append(dir.resolve("dockerd.log"));
        return s.toString();
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    @Override
    public void close() {
        List<Throwable> problems = new ArrayList<>();
        // Workers first, so nothing starts containers again; the daemon's close removes every
        // container.
        for (WorkerProc w : workers) {
            run(problems, w::close);
        }
        while (!owned.isEmpty()) {
            AutoCloseable c = owned.pop();
            run(problems, c::close);
        }
        run(problems, dockerd::close);
        run(problems, jobs::close);
        run(problems, temporal::close);
        for (WorkerProc w : workers) {
            run(problems, () -> deleteTree(w.storageDir()));
        }
        if (!problems.isEmpty()) {
            AssertionError e =
                    new AssertionError("clean-up of fault case " + name + " failed: " + problems);
            problems.forEach(e::addSuppressed);
            throw e;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void run(List<Throwable> problems, Step step) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            problems.add(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
