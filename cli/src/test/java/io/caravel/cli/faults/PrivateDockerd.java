package io.caravel.cli.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A second {@code dockerd} of one case, so that stopping or restarting it never disturbs other
 * tests: its own socket {@code /run/caravel-fault-<n>.sock}, data root, exec root (and so its own
 * containerd) and pid file under {@code /tmp/caravel-fault-<n>}, a bridge of its own ({@code
 * cfault<n>}; with {@code --bridge=none} dockerd deletes the host's docker0) and no iptables rules
 * (the cases run their jobs with network {@code None}), and the test image loaded from the main
 * daemon. Every case has one, so that a case never depends on, or disturbs, the daemon other tests
 * (and other engineers) share. Started without {@code live-restore}: a stop kills its containers,
 * as a restart of a production daemon with the default settings does.
 */
final class PrivateDockerd implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static boolean imageSaved;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    private final int n;
    private final Path root;
    private final Path log;
    private final DockerCli cli;
    private LoggedProcess process;

    private PrivateDockerd(int n, Path root, Path log) {
        this.n = n;
        this.root = root;
        this.log = log;
        this.cli = new DockerCli("unix://" + socket());
    }

    /** Starts a private daemon (its log at {@code log}) and loads the test image into it. */
    static PrivateDockerd start(Path log) {
        int n;
        Path root;
        do {
            n = (int) (ProcessHandle.current().pid() % 10000) * 100 + NEXT.incrementAndGet();
            root = Path.of("/tmp/caravel-fault-" + n);
        } while (Files.exists(root) || Files.exists(Path.of("/run/caravel-fault-" + n + ".sock")));
        Path image = imageArchive();
        PrivateDockerd daemon = new PrivateDockerd(n, root, log);
        daemon.start();
        try {
            daemon.cli.run("load", "-i", image.toString());
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    /**
     * The test image as a {@code docker save} archive, written once per test JVM from the main
     * daemon (where scripts/docker-dev.sh builds it), so the private daemons need the main one only
     * for a moment.
     */
    private static synchronized Path imageArchive() {
        Path archive = Tools.repoRoot().resolve("cli/target/faults/test-image.tar");
        if (!imageSaved) {
            try {
                Files.createDirectories(archive.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            new DockerCli(Tools.mainDockerHost())
                    .run("save", "-o", archive.toString(), Tools.IMAGE);
            imageSaved = true;
        }
        return archive;
    }

    /** {@code unix:///run/caravel-fault-<n>.sock}, for a worker's dockerHost. */
    String host() {
        return cli.host();
    }

    DockerCli cli() {
        return cli;
    }

    private String socket() {
        return "/run/caravel-fault-" + n + ".sock";
    }

    /** Starts the daemon (again) and waits until it answers. */
    void start() {
        if (process != null && process.alive()) {
            throw new IllegalStateException("dockerd " + host() + " is already running");
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A bridge of its own: with --bridge=none dockerd deletes the host's docker0 at start-up,
        // which breaks the main daemon every other test uses.
        String bridge = bridge();
        try {
            if (new ProcessBuilder("ip", "link", "show", bridge).start().waitFor() != 0) {
                new ProcessBuilder("ip", "link", "add", "name", bridge, "type", "bridge")
                        .inheritIO()
                        .start()
                        .waitFor();
                new ProcessBuilder(
                                "ip", "addr", "add", "10.213." + (n % 250) + ".1/24", "dev", bridge)
                        .inheritIO()
                        .start()
                        .waitFor();
                new ProcessBuilder("ip", "link", "set", bridge, "up").inheritIO().start().waitFor();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process =
                LoggedProcess.start(
                        "dockerd " + host(),
                        List.of(
                                "dockerd",
                                "--host",
                                host(),
                                "--data-root",
                                root.resolve("data").toString(),
                                "--exec-root",
                                root.resolve("exec").toString(),
                                "--pidfile",
                                root.resolve("dockerd.pid").toString(),
                                "--bridge=" + bridge,
                                "--iptables=false",
                                "--ip-masq=false",
                                "--ip-forward=false"),
                        Map.of(),
                        false,
                        log);
        Await.until(
                "private dockerd on " + host() + " answers",
                START_TIMEOUT,
                () -> {
                    if (!process.alive()) {
                        throw new AssertionError(
                                "private dockerd exited at start-up:\n" + process.logTail(3000));
                    }
                    return cli.answers();
                },
                () -> process.logTail(3000));
    }

    /**
     * SIGTERM, as {@code systemctl stop docker}: the daemon kills its containers and exits; waits
     * for that.
     */
    void stop() {
        process.sigterm();
        if (!process.awaitExit(STOP_TIMEOUT)) {
            throw new AssertionError(
                    "private dockerd "
                            + host()
                            + " did not stop within "
                            + STOP_TIMEOUT.toSeconds()
                            + " s:\n"
                            + process.logTail(3000));
        }
    }

    /** Stops the daemon, leaves it down for {@code downFor}, starts it again. */
    void restart(Duration downFor) {
        stop();
        Await.sleep(downFor);
        start();
    }

    boolean running() {
        return process != null && process.alive();
    }

    /** Removes every container, stops the daemon and deletes its folders. */
    @Override
    public void close() {
        try {
            if (running()) {
                List<String> all = cli.lines("ps", "-aq");
                if (!all.isEmpty()) {
                    cli.tryRun(concat(List.of("rm", "-f"), all));
                }
            }
        } finally {
            if (process != null) {
                process.stop(STOP_TIMEOUT);
                process.close();
            }
            shell(
                    "rm -rf "
                            + root
                            + " "
                            + socket()
                            + "; ip link delete "
                            + bridge()
                            + " 2>/dev/null || true");
        }
    }

    /** The daemon's own bridge (see {@link #start()}). */
    private String bridge() {
        return "cfault" + n;
    }

    private static String[] concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }

    private static void shell(String command) {
        try {
            Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("`" + command + "` failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
