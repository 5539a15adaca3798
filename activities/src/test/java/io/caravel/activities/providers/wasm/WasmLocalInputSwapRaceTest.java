package io.caravel.activities.providers.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.providers.local.LocalSource;
import io.caravel.activities.sources.SourceTests;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.providers.local.LocalAllowList;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swapper standing in for a docker job with the worker's read-write local area mounted: it
 * replaces a directory of the area by a link to a secret directory outside the allow-list, and puts
 * it back, in a loop, while a WASM job's local input in that area is read, both through the file
 * system the wasm engine gives a module and by a real module (fsprobe) run by the engine. Every
 * read either is refused or reads what was checked; the secret is never read.
 */
@Tag("security")
@Timeout(60)
class WasmLocalInputSwapRaceTest {
    private static final long PHASE_MILLIS = TimeUnit.SECONDS.toMillis(8);
    private static final String PUBLIC = "public";
    private static final String SECRET = "SECRET-" + UUID.randomUUID();
    private static final int READS_PER_RUN = 100;

    /**
     * Files only the secret's {@code sub} holds: a listing of as many entries at least is the
     * secret's.
     */
    private static final int SECRET_ONLY_FILES = 10;

    @TempDir Path tmp;

    private Path area;
    private Path secretDir;
    private LocalSource local;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> swappers = new ArrayList<>();
    private final List<Throwable> swapperFailures = new CopyOnWriteArrayList<>();
    private final AtomicInteger swaps = new AtomicInteger();

    @BeforeEach
    void layout() throws Exception {
        tmp = tmp.toRealPath();
        area = Files.createDirectories(tmp.resolve("area"));
        Files.createDirectories(area.resolve("victim/sub"));
        Files.writeString(area.resolve("victim/data"), PUBLIC);
        Files.writeString(area.resolve("victim/sub/data"), PUBLIC);
        // The secret mirrors the victim's layout, so that a swapped-in link would be read in its
        // place.
        secretDir = Files.createDirectories(tmp.resolve("secret"));
        Files.createDirectories(secretDir.resolve("sub"));
        Files.writeString(secretDir.resolve("data"), SECRET);
        Files.writeString(secretDir.resolve("sub/data"), SECRET);
        for (int i = 0; i < SECRET_ONLY_FILES; i++) {
            Files.writeString(secretDir.resolve("sub/only-in-secret-" + i), SECRET);
        }
        local = new LocalSource(LocalAllowList.parse(List.of(area + "/**:rw")));
    }

    @AfterEach
    void stopSwapping() throws Exception {
        stop.set(true);
        for (Thread swapper : swappers) {
            swapper.join(10_000);
            assertThat(swapper.isAlive()).as("swapper still running").isFalse();
        }
        assertThat(swapperFailures).isEmpty();
    }

    @Test
    void readsThroughTheModulesFileSystemNeverReachTheSecret() throws Exception {
        Path victim = area.resolve("victim");
        Path root = ConfinedFileSystem.mount(victim, null, List.of());
        swap(new Swap(victim.resolve("sub"), secretDir.resolve("sub"), 0));

        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<String> escapes = new CopyOnWriteArrayList<>();
        List<Thread> readers = new ArrayList<>();
        long deadline = System.currentTimeMillis() + PHASE_MILLIS;
        for (int r = 0; r < 2; r++) {
            Thread reader =
                    new Thread(
                            () -> {
                                while (System.currentTimeMillis() < deadline) {
                                    record(
                                            outcomes,
                                            escapes,
                                            readThrough(root.resolve("sub/data")));
                                    record(outcomes, escapes, listThrough(root.resolve("sub")));
                                }
                            },
                            "confined-reader-" + r);
            reader.start();
            readers.add(reader);
        }
        for (Thread reader : readers) {
            reader.join();
        }

        System.out.println(
                "wasm swap race (file system) outcomes: " + outcomes + ", swaps " + swaps.get());
        assertThat(escapes.stream().limit(3).toList())
                .as("reads that reached the secret (of %d)", escapes.size())
                .isEmpty();
        assertThat(swaps.get()).as("swaps made meanwhile").isGreaterThan(100);
        assertThat(outcomes.getOrDefault("read " + PUBLIC, new AtomicInteger()).get()).isPositive();
    }

    @Test
    void aModuleReadingItsSwappedLocalInputNeverReadsTheSecret() throws Exception {
        Path victim = area.resolve("victim");
        // The input itself (as it is mounted) and a directory in it (as the module reads); a pause,
        // so
        // that most jobs pass the allow-list check and run.
        swap(
                new Swap(victim, secretDir, 0),
                new Swap(victim.resolve("sub"), secretDir.resolve("sub"), 1));
        WasmEngine engine = new WasmEngine();

        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<String> escapes = new CopyOnWriteArrayList<>();
        long deadline = System.currentTimeMillis() + PHASE_MILLIS;
        int runs = 0;
        int ran = 0;
        while (System.currentTimeMillis() < deadline) {
            List<String> probes = runModule(engine, "e-swap-" + runs++);
            ran += probes.size() > 1 ? 1 : 0;
            for (String outcome : probes) {
                record(outcomes, escapes, outcome);
            }
        }

        System.out.println(
                "wasm swap race (module) outcomes: "
                        + outcomes
                        + ", jobs "
                        + runs
                        + ", modules run "
                        + ran
                        + ", swaps "
                        + swaps.get());
        assertThat(escapes.stream().limit(3).toList())
                .as("module reads that reached the secret (of %d)", escapes.size())
                .isEmpty();
        assertThat(ran).as("modules run").isGreaterThan(5);
        assertThat(swaps.get()).as("swaps made meanwhile").isGreaterThan(100);
        // The swappers gone, the same job reads what was checked.
        stopSwapping();
        assertThat(runModule(engine, "e-after"))
                .containsOnly(
                        "read /data/data: ok 6",
                        "read /data/sub/data: ok 6",
                        "list /data/sub: ok 3");
    }

    /** One swap of a loop: {@code dir} for a link to {@code secret} and back, then a pause. */
    private record Swap(Path dir, Path secret, long pauseMillis) {
        Path keep() {
            return dir.resolveSibling(dir.getFileName() + ".keep");
        }
    }

    /**
     * Makes {@code swaps} one after the other, in a loop, until the test ends; each ends with its
     * directory back, so that the next finds the layout whole.
     */
    private void swap(Swap... loop) {
        Thread swapper =
                new Thread(
                        () -> {
                            while (!stop.get()) {
                                for (Swap swap : loop) {
                                    try {
                                        Files.move(swap.dir(), swap.keep());
                                        Files.createSymbolicLink(swap.dir(), swap.secret());
                                        Thread.onSpinWait();
                                        Files.delete(swap.dir());
                                        Files.move(swap.keep(), swap.dir());
                                        swaps.incrementAndGet();
                                        if (swap.pauseMillis() > 0) {
                                            Thread.sleep(swap.pauseMillis());
                                        }
                                    } catch (InterruptedException e) {
                                        return;
                                    } catch (IOException e) {
                                        throw new java.io.UncheckedIOException(
                                                "the swapper failed", e);
                                    }
                                }
                            }
                        },
                        "swapper");
        swapper.setDaemon(true);
        swapper.setUncaughtExceptionHandler((t, e) -> swapperFailures.add(e));
        swapper.start();
        swappers.add(swapper);
    }

    private static void record(
            Map<String, AtomicInteger> outcomes, List<String> escapes, String outcome) {
        boolean secret =
                outcome.contains(SECRET)
                        || outcome.contains("only-in-secret")
                        || outcome.contains("ok " + SECRET.length());
        if (secret) {
            escapes.add(outcome);
        }
        outcomes.computeIfAbsent(secret ? "SECRET" : outcome, k -> new AtomicInteger())
                .incrementAndGet();
    }

    /**
     * A probe's line; a listing (fsprobe prints how many entries it read) of the secret's size is
     * marked.
     */
    private static String listingOrRead(String line) {
        if (line.startsWith("list ") && line.contains(": ok ")) {
            long entries = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            return entries >= SECRET_ONLY_FILES ? "listed only-in-secret: " + line : line;
        }
        return line;
    }

    private static String readThrough(Path file) {
        try {
            return "read " + Files.readString(file);
        } catch (IOException e) {
            return "refused " + e.getClass().getSimpleName();
        }
    }

    private static String listThrough(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return "list " + entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return "refused " + e.getClass().getSimpleName();
        }
    }

    /**
     * One job: the victim staged by the real local source (the allow-list judges it), then fsprobe
     * reading and listing it; its outcomes, one per probe, or why it was refused.
     */
    private List<String> runModule(WasmEngine engine, String executionId) throws Exception {
        Path exec = tmp.resolve("executions").resolve(executionId);
        InputSource source =
                SourceTests.input(
                        "local", Map.of("SourcePath", area.resolve("victim").toString()), "/data");
        StagedInput staged;
        try {
            staged = local.stage(source, exec.resolve("scratch"), SourceTests.context(exec));
        } catch (CaravelException e) {
            return List.of("refused at staging");
        }
        List<String> probes = new ArrayList<>();
        for (int i = 0; i < READS_PER_RUN; i++) {
            probes.add("read:/data/data");
            probes.add("read:/data/sub/data");
            probes.add("list:/data/sub");
        }
        Path module =
                Path.of(WasmLocalInputSwapRaceTest.class.getResource("/wasm/fsprobe.wasm").toURI());
        Task task =
                Task.builder()
                        .name("main")
                        .engine(
                                SpecConfig.of(
                                        "wasm",
                                        Map.of(
                                                "EntryModule",
                                                "/app/fsprobe.wasm",
                                                "Parameters",
                                                probes)))
                        .inputSources(List.of(source))
                        .network(new NetworkConfig(NetworkType.NONE, List.of(), List.of()))
                        .resources(new ResourcesConfig("", "", "", ""))
                        .build();
        Job job = Job.builder().id("j-swap").name("swap").type("batch").count(1).task(task).build();
        ExecutionContext context =
                new ExecutionContext(
                        job,
                        executionId,
                        0,
                        "node-1",
                        null,
                        exec,
                        Files.createDirectories(exec.resolve("results")),
                        Files.createDirectories(exec.resolve("logs")),
                        new StagedInputs(
                                List.of(
                                        staged,
                                        new StagedInput(
                                                module.toString(), "/app/fsprobe.wasm", true, 0))),
                        Map.of(),
                        message -> {},
                        () -> false);
        try {
            engine.run(context);
            // The whole stdout file: the run output's summary is cut at its limit, possibly
            // inside a line.
            return Files.readAllLines(context.resultsDir().resolve(ResultsLayout.STDOUT_FILE))
                    .stream()
                    .map(WasmLocalInputSwapRaceTest::listingOrRead)
                    .toList();
        } catch (CaravelException e) {
            return List.of("refused: " + e.getMessage().replaceAll("/\\S*", "<path>"));
        } catch (java.io.UncheckedIOException e) {
            // The input was away (moved by the swapper) when the engine looked at it.
            return List.of("failed: " + e.getCause().getClass().getSimpleName());
        } finally {
            io.caravel.activities.files.FileTrees.delete(exec);
        }
    }
}
