package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.cli.embedded.TemporalCliLocator;
import io.caravel.cli.serve.BacalhauCli;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caravel dev} with the real Temporal CLI (installed by scripts/temporal-dev.sh; a missing
 * one fails the test): a Docker job submitted to it is still described and listed, and its local
 * results fetched, after {@code caravel dev} stopped and started again on the same storage (and
 * results port), and no {@code temporal} process outlives a stop. Each {@code caravel dev} runs
 * in-process on a thread of its own, on free ports, and is stopped by an interrupt, as Ctrl-C stops
 * it.
 */
class DevRestartTest {
    @TempDir Path storage;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aDockerJobIsDescribedListedAndItsResultsFetchedAfterARestart(@TempDir Path results)
            throws Exception {
        int port = freePort();
        int resultsPort = freePort();
        Cli client = Cli.at("127.0.0.1:" + port);

        String id;
        try (RunningDev dev = RunningDev.start(port, resultsPort, storage)) {
            assertThat(dev.banner())
                    .contains("Temporal dev server (")
                    .contains("listening on 127.0.0.1:" + port)
                    .contains("data: " + storage.resolve("temporal").resolve("temporal.db"))
                    .contains("UI:   http://127.0.0.1:")
                    .contains("engines: noop, wasm, docker\n");
            Cli.Result run =
                    client.run(
                            "docker",
                            "run",
                            "--network=none",
                            "-p",
                            "local",
                            EmbeddedDockerJobTest.IMAGE,
                            "--",
                            "echo",
                            "survives");
            assertThat(run.code()).as(run.toString()).isZero();
            assertThat(run.out()).contains("  survives");
            id = JobCommandsTest.jobId(run.out());
        }

        try (RunningDev dev = RunningDev.start(port, resultsPort, storage)) {
            Cli.Result describe = client.run("job", "describe", id);
            assertThat(describe.code()).as(describe.toString()).isZero();
            assertThat(describe.out()).contains(id).contains("Completed");

            Cli.Result list = client.run("job", "list", "--limit", "100");
            for (int i = 0; i < 100 && !list.out().contains(id); i++) {
                Thread.sleep(100);
                list = client.run("job", "list", "--limit", "100");
            }
            assertThat(list.code()).as(list.toString()).isZero();
            assertThat(list.out()).contains(id).contains("Completed");

            Cli.Result get = client.run("job", "get", id, "--output-dir", results.toString());
            assertThat(get.code()).as(get.toString()).isZero();
            assertThat(Files.readString(results.resolve("stdout"))).isEqualTo("survives\n");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void inMemoryKeepsTheTestServerAndSaysSoAndTheWorkerReadsItsConfigurationFile()
            throws Exception {
        Path config =
                Files.writeString(
                        storage.resolve("worker.yaml"),
                        "nodeId: from-the-file\nengines: [noop, wasm]\n");
        try (RunningDev dev =
                RunningDev.start(
                        freePort(), 0, storage, "--in-memory", "--config", config.toString())) {
            assertThat(dev.banner())
                    .contains("Temporal test server (in memory) listening on 127.0.0.1:")
                    .contains("nothing survives a restart; no job list, no UI")
                    .contains("(--in-memory)")
                    .as("the configuration file is read as caravel worker reads it")
                    .contains("Worker node from-the-file polling")
                    .contains("engines: noop, wasm\n")
                    .contains(
                            "docker: off (not in this worker's engines; list it in CARAVEL_ENGINES");
        }
        assertThat(storage.resolve("temporal")).doesNotExist();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void itServesBacalhausApiAndGoesOnWithoutItWhenThePortIsTaken() throws Exception {
        int apiPort = freePort();
        try (RunningDev dev =
                RunningDev.start(
                        freePort(),
                        0,
                        storage,
                        "--in-memory",
                        "--api-port",
                        Integer.toString(apiPort))) {
            assertThat(dev.banner())
                    .contains(
                            "Bacalhau API: http://127.0.0.1:"
                                    + apiPort
                                    + " (try: BACALHAU_API_PORT="
                                    + apiPort
                                    + " bacalhau job list)");
            BacalhauCli bacalhau = BacalhauCli.at(apiPort, storage.resolve("home"));
            BacalhauCli.Result alive = bacalhau.run("agent", "alive");
            assertThat(alive.code()).as(alive.toString()).isZero();
            BacalhauCli.Result nodes = bacalhau.run("node", "list");
            for (int i = 0; i < 50 && !nodes.out().contains(" dev "); i++) {
                Thread.sleep(100);
                nodes = bacalhau.run("node", "list");
            }
            assertThat(nodes.out()).as(nodes.toString()).contains(" dev ").contains("CONNECTED");
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RunningDev dev =
                        RunningDev.start(
                                freePort(),
                                0,
                                storage.resolve("again"),
                                "--in-memory",
                                "--api-port",
                                Integer.toString(taken.getLocalPort()))) {
            assertThat(dev.banner())
                    .contains(
                            "Bacalhau API: off (port "
                                    + taken.getLocalPort()
                                    + " on 127.0.0.1 is already in use; pick another with --api-port, or run `caravel serve --port N`)");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withoutTheTemporalCliItRunsTheTestServerAndSaysHowToGetTheDurableOne() throws Exception {
        Path nowhere = Files.createDirectories(storage.resolve("no-temporal-here"));
        try (RunningDev dev =
                RunningDev.start(
                        freePort(),
                        0,
                        storage,
                        Map.of("PATH", nowhere.toString(), "HOME", nowhere.toString()))) {
            assertThat(dev.banner())
                    .contains("Temporal test server (in memory) listening on 127.0.0.1:")
                    .contains(
                            "(no Temporal CLI found; install it with scripts/temporal-dev.sh install, or put"
                                    + " `temporal` on the PATH, for a server whose jobs survive a restart)");
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One {@code caravel dev} on a thread; {@link #close()} interrupts it and checks that its
     * server is gone.
     */
    private static final class RunningDev implements AutoCloseable {
        private final Thread thread;
        private final StringWriter out;
        private final AtomicReference<Cli.Result> result;
        private final Path pidFile;
        private final ProcessHandle server;

        private RunningDev(
                Thread thread,
                StringWriter out,
                AtomicReference<Cli.Result> result,
                Path pidFile,
                ProcessHandle server) {
            this.thread = thread;
            this.out = out;
            this.result = result;
            this.pidFile = pidFile;
            this.server = server;
        }

        static RunningDev start(int port, int resultsPort, Path storage, String... flags)
                throws InterruptedException, IOException {
            Map<String, String> where = new HashMap<>();
            for (String name : new String[] {"PATH", "HOME", "GOPATH", "CARAVEL_BIN"}) {
                if (System.getenv(name) != null) {
                    where.put(name, System.getenv(name));
                }
            }
            return start(port, resultsPort, storage, where, flags);
        }

        /** With {@code where} (PATH, HOME ...) as where the Temporal CLI is looked for. */
        static RunningDev start(
                int port, int resultsPort, Path storage, Map<String, String> where, String... flags)
                throws InterruptedException, IOException {
            Map<String, String> env = new HashMap<>(where);
            boolean expectCli =
                    !where.containsKey("PATH") || where.get("PATH").equals(System.getenv("PATH"));
            env.put("CARAVEL_RESULTS_PORT", Integer.toString(resultsPort));
            env.put(
                    "CARAVEL_DOCKER_HOST",
                    "unix://"
                            + System.getenv()
                                    .getOrDefault("CARAVEL_DOCKER_SOCKET", "/var/run/docker.sock"));
            boolean inMemory = Arrays.asList(flags).contains("--in-memory");
            if (!inMemory && expectCli) {
                assertThat(TemporalCliLocator.find(env))
                        .as(
                                "the Temporal CLI, in %s; install it with"
                                        + " scripts/temporal-dev.sh install",
                                TemporalCliLocator.candidates(env))
                        .isPresent();
            }
            StringWriter out = new StringWriter();
            AtomicReference<Cli.Result> result = new AtomicReference<>();
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "dev",
                                    "--port",
                                    Integer.toString(port),
                                    "--storage",
                                    storage.toString()));
            args.addAll(List.of(flags));
            Thread thread =
                    new Thread(
                            () ->
                                    result.set(
                                            Cli.at(null)
                                                    .env(env)
                                                    .output(out)
                                                    .run(args.toArray(String[]::new))),
                            "caravel-dev-" + port);
            thread.start();
            try {
                for (int i = 0;
                        i < 1200 && !out.toString().contains("Press Ctrl-C to stop.");
                        i++) {
                    if (!thread.isAlive()) {
                        throw new AssertionError("caravel dev ended at start-up: " + result.get());
                    }
                    Thread.sleep(100);
                }
                assertThat(out.toString())
                        .as("caravel dev's banner")
                        .contains("Press Ctrl-C to stop.");
                Path pidFile = storage.resolve("temporal").resolve("temporal.pid");
                ProcessHandle server = null;
                if (out.toString().contains("Temporal dev server (")) {
                    String pid =
                            Files.readString(pidFile)
                                    .lines()
                                    .filter(l -> l.startsWith("server="))
                                    .findFirst()
                                    .orElseThrow()
                                    .substring("server=".length());
                    server = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
                }
                return new RunningDev(thread, out, result, pidFile, server);
            } catch (IOException | RuntimeException | Error e) {
                thread.interrupt();
                thread.join(60_000);
                throw e;
            }
        }

        String banner() {
            return out.toString();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(60_000);
            assertThat(thread.isAlive())
                    .as("caravel dev still running after an interrupt:\n%s", out)
                    .isFalse();
            assertThat(result.get().code()).as(result.get().toString()).isZero();
            assertThat(out.toString()).endsWith("Stopped.\n");
            if (server != null) {
                assertThat(server.isAlive())
                        .as("the temporal server (pid %s) after caravel dev stopped", server.pid())
                        .isFalse();
                assertThat(pidFile).doesNotExist();
            }
        }
    }
}
