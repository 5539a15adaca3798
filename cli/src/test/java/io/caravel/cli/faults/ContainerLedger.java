package io.caravel.cli.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one Docker daemon did with Caravel's containers, from {@code docker events} (containers
 * labelled {@code io.caravel.managed=true}) collected from its creation to {@link #close()}: every
 * container start with its job, execution and node labels, every die with its exit code, every kill
 * with its signal, and the most containers of one job that ran at once. The stream is opened again
 * when the daemon restarts; containers it last saw running are then checked with {@code docker
 * inspect}, since the events of a daemon's shutdown can be lost with it.
 *
 * <p>The fault cases run one-partition jobs, so "per job" here is "per partition".
 */
final class ContainerLedger implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One container start. */
    record Start(String containerId, String jobId, String executionId, String nodeId, Instant at) {}

    /**
     * How one container ended: its exit code, or null when the end was not seen (found ended on
     * reconnect).
     */
    record End(String containerId, Integer exitCode, Instant at) {}

    private final DockerCli docker;
    private final Thread reader;
    private final List<Start> starts = new ArrayList<>();
    private final Map<String, End> ends = new LinkedHashMap<>();
    private final Map<String, List<String>> kills = new HashMap<>();
    private final Map<String, String> jobOf = new HashMap<>();
    private final Map<String, Set<String>> running = new HashMap<>();
    private final Map<String, Integer> mostAtOnce = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private volatile boolean closed;
    private volatile Process events;
    private volatile Throwable failure;
    private long lastNanos;

    private ContainerLedger(DockerCli docker) {
        this.docker = docker;
        this.lastNanos = System.currentTimeMillis() * 1_000_000L - 1_000_000_000L;
        this.reader = new Thread(this::readLoop, "container-ledger " + docker.host());
        this.reader.setDaemon(true);
    }

    /** Starts watching the daemon at {@code host}; what happened from now on is counted. */
    static ContainerLedger watch(String host) {
        ContainerLedger ledger = new ContainerLedger(new DockerCli(host));
        ledger.reader.start();
        return ledger;
    }

    private void readLoop() {
        try {
            while (!closed) {
                if (!docker.answers()) {
                    Thread.sleep(300);
                    continue;
                }
                reconcile();
                follow();
            }
        } catch (InterruptedException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                failure = e;
            }
        }
    }

    /**
     * Reads {@code docker events} from the last event seen until the stream ends (the daemon
     * stops).
     */
    private void follow() throws IOException, InterruptedException {
        String since;
        synchronized (this) {
            since =
                    (lastNanos / 1_000_000_000L)
                            + "."
                            + String.format("%09d", lastNanos % 1_000_000_000L);
        }
        Process p =
                new ProcessBuilder(
                                "docker",
                                "-H",
                                docker.host(),
                                "events",
                                "--since",
                                since,
                                "--filter",
                                "type=container",
                                "--filter",
                                "label=io.caravel.managed=true",
                                "--format",
                                "{{json .}}")
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
        events = p;
        if (closed) {
            p.destroy();
        }
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                record(line);
            }
        }
        p.waitFor();
    }

    private synchronized void record(String line) throws IOException {
        JsonNode e = JSON.readTree(line);
        String action = e.path("Action").asText(e.path("status").asText());
        String id = e.path("Actor").path("ID").asText(e.path("id").asText());
        long nanos = e.path("timeNano").asLong();
        if (!seen.add(id + " " + action + " " + nanos)) {
            return;
        }
        lastNanos = Math.max(lastNanos, nanos);
        JsonNode attrs = e.path("Actor").path("Attributes");
        String job = attrs.path("io.caravel.job").asText("");
        Instant at = Instant.ofEpochSecond(0, nanos);
        switch (action) {
            case "start" -> {
                starts.add(
                        new Start(
                                id,
                                job,
                                attrs.path("io.caravel.execution").asText(""),
                                attrs.path("io.caravel.node").asText(""),
                                at));
                jobOf.put(id, job);
                Set<String> now = running.computeIfAbsent(job, k -> new HashSet<>());
                now.add(id);
                mostAtOnce.merge(job, now.size(), Math::max);
            }
            case "die" -> {
                String code = attrs.path("exitCode").asText("");
                ends.put(id, new End(id, code.isEmpty() ? null : Integer.valueOf(code), at));
                running.getOrDefault(job, new HashSet<>()).remove(id);
            }
            case "kill" ->
                    kills.computeIfAbsent(id, k -> new ArrayList<>())
                            .add(attrs.path("signal").asText("?"));
            default -> {
                // create, destroy, attach, ...: not counted
            }
        }
    }

    /** After a (re)connect: containers last seen running that are not running now ended unseen. */
    private void reconcile() {
        List<String> ids;
        synchronized (this) {
            ids = running.values().stream().flatMap(Set::stream).toList();
        }
        for (String id : ids) {
            DockerCli.Result r =
                    docker.tryRun(
                            "inspect", "--format", "{{.State.Running}} {{.State.ExitCode}}", id);
            String[] state = r.output().strip().split(" ");
            if (r.code() != 0 || !"true".equals(state[0])) {
                synchronized (this) {
                    Integer code =
                            r.code() == 0 && state.length > 1 ? Integer.valueOf(state[1]) : null;
                    ends.putIfAbsent(id, new End(id, code, Instant.now()));
                    running.getOrDefault(jobOf.get(id), new HashSet<>()).remove(id);
                }
            }
        }
    }

    /** Every container start of {@code jobId}, in order. */
    synchronized List<Start> starts(String jobId) {
        return starts.stream().filter(s -> s.jobId().equals(jobId)).toList();
    }

    /** The first start of {@code jobId}'s containers on {@code nodeId}. */
    synchronized Optional<Start> firstStart(String jobId, String nodeId) {
        return starts.stream()
                .filter(s -> s.jobId().equals(jobId) && s.nodeId().equals(nodeId))
                .findFirst();
    }

    /** The most containers of {@code jobId} seen running at one time. */
    synchronized int mostAtOnce(String jobId) {
        return mostAtOnce.getOrDefault(jobId, 0);
    }

    /** Containers of {@code jobId} running now, as far as the events say. */
    synchronized Set<String> running(String jobId) {
        return Set.copyOf(running.getOrDefault(jobId, Set.of()));
    }

    /** How {@code jobId}'s containers ended. */
    synchronized List<End> ends(String jobId) {
        return ends.values().stream()
                .filter(e -> jobId.equals(jobOf.get(e.containerId())))
                .toList();
    }

    /**
     * Signals sent to {@code jobId}'s containers through the API ({@code docker kill}, a daemon
     * stop).
     */
    synchronized List<String> kills(String jobId) {
        return kills.entrySet().stream()
                .filter(e -> jobId.equals(jobOf.get(e.getKey())))
                .flatMap(e -> e.getValue().stream().map(s -> e.getKey().substring(0, 12) + ":" + s))
                .toList();
    }

    /** Waits for a start of {@code jobId} (on any node) and returns the first. */
    Start awaitStart(String jobId, Duration timeout) {
        return Await.value(timeout, () -> starts(jobId).stream().findFirst())
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no container of job "
                                                + jobId
                                                + " started within "
                                                + timeout.toSeconds()
                                                + " s"));
    }

    /** Everything seen of {@code jobId}, for failure messages. */
    synchronized String account(String jobId) {
        return "starts "
                + starts(jobId).stream()
                        .map(
                                s ->
                                        s.containerId().substring(0, 12)
                                                + "@"
                                                + s.nodeId()
                                                + "/"
                                                + s.executionId()
                                                + " "
                                                + s.at())
                        .collect(Collectors.joining(", "))
                + "; ends "
                + ends(jobId).stream()
                        .map(
                                e ->
                                        e.containerId().substring(0, 12)
                                                + " exit "
                                                + e.exitCode()
                                                + " "
                                                + e.at())
                        .collect(Collectors.joining(", "))
                + "; kills "
                + kills(jobId)
                + "; most at once "
                + mostAtOnce(jobId)
                + (failure == null ? "" : "; the ledger stopped reading events: " + failure);
    }

    @Override
    public void close() {
        closed = true;
        Process p = events;
        if (p != null) {
            p.destroy();
        }
        reader.interrupt();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
