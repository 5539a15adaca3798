package io.caravel.activities.providers.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the project's own WASI test programs (src/test/wasm, built by scripts/build-test-wasm.sh).
 */
class WasmEngineTest {
    @TempDir Path tmp;

    private final WasmEngine engine = new WasmEngine();

    @Test
    void passesArgvWithAnEmptyArgv0AndTheEnvironmentAndCapturesBothStreams() throws Exception {
        RunOutput out =
                engine.run(
                        new Run("hello")
                                .params(List.of("one", "two words"))
                                .env(Map.of("GREETING", "olá"))
                                .context());

        assertThat(out.stdout()).isEqualTo("arg0=\narg1=one\narg2=two words\nGREETING=olá\n");
        assertThat(out.stderr()).isEqualTo("hello on stderr\n");
        assertThat(out.exitCode()).isEqualTo(WasmEngine.NORMAL_RETURN_EXIT_CODE);
        assertThat(results().resolve("stdout")).hasContent(out.stdout());
        assertThat(results().resolve("stderr")).hasContent("hello on stderr\n");
        assertThat(results().resolve("exitCode")).hasContent("-1");
    }

    @Test
    void readsAnInputAtItsTargetAndWritesAResultUnderItsName() throws Exception {
        Path data = Files.writeString(tmp.resolve("data.txt"), "shout this");

        RunOutput out =
                engine.run(
                        new Run("copy")
                                .input(data, "/inputs/data.txt")
                                .params(List.of("/inputs/data.txt", "/outputs/loud.txt"))
                                .result(new ResultPath("outputs", "/outputs"))
                                .context());

        assertThat(out.stdout()).isEqualTo("copied 10 bytes\n");
        assertThat(out.exitCode()).isEqualTo(WasmEngine.NORMAL_RETURN_EXIT_CODE);
        assertThat(results().resolve("outputs/loud.txt")).hasContent("SHOUT THIS");
    }

    @Test
    void readsFromADirectoryInput() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("indir"));
        Files.writeString(dir.resolve("a.txt"), "abc");

        RunOutput out =
                engine.run(
                        new Run("copy")
                                .input(dir, "/data")
                                .params(List.of("/data/a.txt", "/out/a.txt"))
                                .result(new ResultPath("out", "/out"))
                                .context());

        assertThat(out.stdout()).isEqualTo("copied 3 bytes\n");
        assertThat(results().resolve("out/a.txt")).hasContent("ABC");
    }

    @Test
    void theExitCodeIsTheOneGivenToProcExit() throws Exception {
        ExecutionContext context = new Run("exit3").context();
        engine.run(context);
        // A retried execution on the same node runs in the same directories.
        RunOutput out = engine.run(context);

        assertThat(out.exitCode()).isEqualTo(3);
        assertThat(out.failed()).isFalse();
        assertThat(results().resolve("exitCode")).hasContent("3");
    }

    @Test
    void aTrapFailsTheExecutionWithTheReason() {
        assertThatThrownBy(() -> engine.run(new Run("trap").context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .startsWith("the WASM module trapped")
                                    .contains("unreachable");
                        });
        assertThat(results().resolve("exitCode")).hasContent("1");
    }

    @Test
    void aMissingEntrypointFailsTheExecution() {
        assertThatThrownBy(() -> engine.run(new Run("hello").entrypoint("main_missing").context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "unable to find the entrypoint 'main_missing' in the WASM module");
                        });
    }

    @Test
    void anEntryModuleOutsideTheInputsIsNamed() throws Exception {
        Run run = new Run("hello");
        run.params.put("EntryModule", "/nowhere/x.wasm");

        assertThatThrownBy(() -> engine.run(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .startsWith(
                                                "EntryModule /nowhere/x.wasm is not in the task's inputs"));
    }

    @Test
    void aDirectoryEntryModuleMustHoldExactlyOneWasmFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("app"));
        Files.copy(module("exit3"), dir.resolve("main.wasm"));
        Files.writeString(dir.resolve("README"), "not a module");
        Run run = new Run("exit3").input(dir, "/modules");
        run.params.put("EntryModule", "/modules");

        assertThat(engine.run(run.context()).exitCode()).isEqualTo(3);

        Files.copy(module("hello"), dir.resolve("other.wasm"));
        assertThatThrownBy(() -> engine.run(run.context()))
                .hasMessageContaining("holding 2 .wasm files");
    }

    @Test
    void importModulesAreLinkedByTheirPath() throws Exception {
        Run run = new Run("usemath").input(module("mathlib"), "/lib/mathlib.wasm");
        run.params.put("ImportModules", List.of("/lib/mathlib.wasm"));

        assertThat(engine.run(run.context()).stdout()).isEqualTo("triple(14)=42\n");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anInfiniteLoopStopsWhenTheExecutionIsCancelled() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread canceller =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(300);
                            } catch (InterruptedException e) {
                                return;
                            }
                            cancelled.set(true);
                        });
        canceller.start();

        RunOutput out = engine.run(new Run("loop").cancelled(cancelled::get).context());

        assertThat(out.errorMsg()).isEqualTo("execution cancelled");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void whatARunningModulePrintsIsInItsStdoutFileBeforeItEnds() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        ExecutionContext context = new Run("printloop").cancelled(cancelled::get).context();
        java.util.concurrent.CompletableFuture<RunOutput> run =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return engine.run(context);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        Path stdout = results().resolve("stdout");
        try {
            while (!(Files.exists(stdout) && Files.readString(stdout).equals("started\n"))) {
                assertThat(run).as("the module never ends by itself").isNotDone();
                Thread.sleep(20);
            }
            assertThat(run).isNotDone();
        } finally {
            cancelled.set(true);
        }
        assertThat(run.get().errorMsg()).isEqualTo("execution cancelled");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theInterpreterRunsModulesAndStopsAnInfiniteLoopToo() throws Exception {
        WasmEngine interpreted = new WasmEngine(new ResultsLayout(), WasmEngine.Mode.INTERPRETED);
        AtomicBoolean cancelled = new AtomicBoolean();

        RunOutput hello = interpreted.run(new Run("hello").params(List.of("x")).context());
        Thread canceller =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(300);
                            } catch (InterruptedException e) {
                                return;
                            }
                            cancelled.set(true);
                        });
        canceller.start();
        RunOutput loop = interpreted.run(new Run("loop").cancelled(cancelled::get).context());

        assertThat(hello.stdout()).startsWith("arg0=\narg1=x\n");
        assertThat(loop.errorMsg()).isEqualTo("execution cancelled");
    }

    @Test
    void aModuleSeenBeforeIsTakenFromTheCache() throws Exception {
        WasmModuleCache modules = new WasmModuleCache(WasmEngine.Mode.COMPILED);
        Path copy = Files.copy(module("hello"), tmp.resolve("same-bytes.wasm"));

        WasmModuleCache.Loaded first = modules.load(module("hello"));

        assertThat(modules.isCached(copy)).isTrue();
        assertThat(modules.load(copy)).isSameAs(first);
        assertThat(first.machine()).isPresent();
        assertThat(new WasmModuleCache(WasmEngine.Mode.INTERPRETED).load(copy).machine()).isEmpty();
    }

    @Test
    void compiledModulesOutliveTheEngineInTheDiskCache() throws Exception {
        Path cacheDir = tmp.resolve("wasm-cache");
        WasmEngine first = new WasmEngine(new ResultsLayout(), WasmEngine.Mode.COMPILED, cacheDir);

        assertThat(first.run(new Run("exit3").context()).exitCode()).isEqualTo(3);
        try (var files = Files.list(cacheDir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .singleElement()
                    .satisfies(name -> assertThat(name).startsWith("sha-256-").endsWith(".bin"));
        }
        WasmEngine restarted =
                new WasmEngine(new ResultsLayout(), WasmEngine.Mode.COMPILED, cacheDir);
        assertThat(restarted.run(new Run("exit3").context()).exitCode()).isEqualTo(3);
    }

    @Test
    void pathsOutsideTheMountsCannotBeOpened() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "secret");

        RunOutput out =
                engine.run(new Run("openpath").params(List.of(secret.toString())).context());
        RunOutput up =
                engine.run(
                        new Run("openpath")
                                .input(
                                        Files.writeString(tmp.resolve("in.txt"), "x"),
                                        "/inputs/in.txt")
                                .params(List.of("/inputs/../../" + secret))
                                .context());

        assertThat(out.stdout()).startsWith("refused");
        assertThat(up.stdout()).startsWith("refused");
    }

    @Test
    void inputsAreReadOnlyAndResultsWritable() throws Exception {
        Path file = Files.writeString(tmp.resolve("data.txt"), "original");
        Path dir = Files.createDirectories(tmp.resolve("indir"));
        Path a = Files.writeString(dir.resolve("a.txt"), "abc");
        java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(a);

        RunOutput out =
                engine.run(
                        new Run("fsprobe")
                                .input(file, "/inputs/data.txt")
                                .input(dir, "/data")
                                .result(new ResultPath("out", "/out"))
                                .params(
                                        List.of(
                                                "write:/inputs/data.txt",
                                                "append:/inputs/data.txt",
                                                "unlink:/inputs/data.txt",
                                                "write:/data/a.txt",
                                                "append:/data/a.txt",
                                                "write:/data/new.txt",
                                                "mkdir:/data/sub",
                                                "unlink:/data/a.txt",
                                                "rename:/data/a.txt:/out/a.txt",
                                                "link:/data/a.txt:/out/hard",
                                                "utime:/data/a.txt",
                                                "read:/data/a.txt",
                                                "read:/inputs/data.txt",
                                                "write:/out/ok.txt",
                                                "mkdir:/out/sub"))
                                .context());

        assertThat(out.stdout().lines())
                .containsExactly(
                        "write /inputs/data.txt: refused (I/O error)",
                        "append /inputs/data.txt: refused (I/O error)",
                        "unlink /inputs/data.txt: refused (I/O error)",
                        "write /data/a.txt: refused (I/O error)",
                        "append /data/a.txt: refused (I/O error)",
                        "write /data/new.txt: refused (I/O error)",
                        "mkdir /data/sub: refused (I/O error)",
                        "unlink /data/a.txt: refused (I/O error)",
                        "rename /data/a.txt: refused (I/O error)",
                        "link /data/a.txt: refused (I/O error)",
                        "utime /data/a.txt: refused (I/O error)",
                        "read /data/a.txt: ok 3",
                        "read /inputs/data.txt: ok 8",
                        "write /out/ok.txt: ok",
                        "mkdir /out/sub: ok");
        assertThat(file).hasContent("original");
        assertThat(a).hasContent("abc");
        assertThat(Files.getLastModifiedTime(a)).isEqualTo(mtime);
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("a.txt");
        }
        assertThat(results().resolve("out/ok.txt")).hasContent("written by fsprobe");
        assertThat(results().resolve("out/sub")).isDirectory();
        assertThat(results().resolve("out/a.txt")).doesNotExist();
        assertThat(results().resolve("out/hard")).doesNotExist();
    }

    @Test
    void linksInADirectoryInputDoNotLeadOutOfIt() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "secret");
        Path dir = Files.createDirectories(tmp.resolve("indir"));
        Files.writeString(dir.resolve("a.txt"), "abc");
        Files.createSymbolicLink(dir.resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(dir.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(dir.resolve("secret"), secret);
        Files.createSymbolicLink(dir.resolve("up"), Path.of(".."));
        Files.createSymbolicLink(dir.resolve("inside"), Path.of("a.txt"));

        RunOutput out =
                engine.run(
                        new Run("fsprobe")
                                .input(dir, "/data")
                                .params(
                                        List.of(
                                                "read:/data/passwd",
                                                "read:/data/etc/passwd",
                                                "list:/data/etc",
                                                "read:/data/secret",
                                                "read:/data/up/secret.txt",
                                                "list:/data/up",
                                                "read:/data/inside"))
                                .context());

        assertThat(out.stdout().lines())
                .containsExactly(
                        "read /data/passwd: refused (No such file or directory)",
                        "read /data/etc/passwd: refused (No such file or directory)",
                        "list /data/etc: refused (No such file or directory)",
                        "read /data/secret: refused (No such file or directory)",
                        "read /data/up/secret.txt: refused (No such file or directory)",
                        "list /data/up: refused (No such file or directory)",
                        "read /data/inside: ok 3");
    }

    @Test
    void anEntryModuleIsNotTakenThroughALinkLeadingOutOfItsInput() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("app"));
        Files.createSymbolicLink(dir.resolve("linked.wasm"), module("exit3"));
        Run byPath = new Run("exit3").input(dir, "/modules");
        byPath.params.put("EntryModule", "/modules/linked.wasm");
        Run byDirectory = new Run("exit3").input(dir, "/modules");
        byDirectory.params.put("EntryModule", "/modules");

        assertThatThrownBy(() -> engine.run(byPath.context()))
                .hasMessageStartingWith(
                        "EntryModule /modules/linked.wasm is not in the task's inputs");
        assertThatThrownBy(() -> engine.run(byDirectory.context()))
                .hasMessageContaining("holding 0 .wasm files");
    }

    @Test
    void linksOutOfAResultDirectoryCannotBeMade() throws Exception {
        RunOutput out =
                engine.run(
                        new Run("fsprobe")
                                .result(new ResultPath("out", "/out"))
                                .params(
                                        List.of(
                                                "symlink:/etc/passwd:/out/abs",
                                                "symlink:../../../etc/passwd:/out/rel",
                                                "write:/out/a.txt",
                                                "symlink:a.txt:/out/ok",
                                                "read:/out/ok"))
                                .context());

        assertThat(out.stdout().lines())
                .containsExactly(
                        "symlink /etc/passwd: refused (Permission denied)",
                        "symlink ../../../etc/passwd: refused (Permission denied)",
                        "write /out/a.txt: ok",
                        "symlink a.txt: ok",
                        "read /out/ok: ok 19");
        assertThat(results().resolve("out/abs")).doesNotExist();
        assertThat(results().resolve("out/rel")).doesNotExist();
        assertThat(Files.readSymbolicLink(results().resolve("out/ok"))).isEqualTo(Path.of("a.txt"));
    }

    @Test
    void aResultIsAlsoMountedAtItsPathWhenThatIsUnambiguous() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("indir"));
        Files.writeString(dir.resolve("a.txt"), "abc");

        RunOutput out =
                engine.run(
                        new Run("fsprobe")
                                .input(dir, "/data")
                                .result(new ResultPath("out", "/outputs"))
                                .result(new ResultPath("other", "/data"))
                                .params(
                                        List.of(
                                                "write:/outputs/x.txt",
                                                "write:/out/y.txt",
                                                "read:/data/a.txt",
                                                "write:/other/z.txt"))
                                .context());

        assertThat(out.stdout().lines())
                .containsExactly(
                        "write /outputs/x.txt: ok",
                        "write /out/y.txt: ok",
                        "read /data/a.txt: ok 3",
                        "write /other/z.txt: ok");
        assertThat(results().resolve("out/x.txt")).exists();
        assertThat(results().resolve("out/y.txt")).exists();
        assertThat(results().resolve("other/z.txt")).exists();
    }

    @Test
    void memoryCannotGrowBeyondTheRequest() throws Exception {
        Run small = new Run("growmem").memory("16Mi").params(List.of("32"));
        Run enough = new Run("growmem").memory("64Mi").params(List.of("32"));

        assertThat(engine.run(small.context()).stdout()).isEqualTo("refused\n");
        assertThat(engine.run(enough.context()).stdout()).isEqualTo("allocated\n");
    }

    @Test
    void memoryIsRoundedUpToPagesAndRefusedAbove4GiB() {
        assertThat(WasmMemoryLimit.pages(512_000_000)).isEqualTo(7813);
        assertThat(WasmMemoryLimit.pages(4L << 30)).isEqualTo(65536);
        assertThatThrownBy(() -> WasmMemoryLimit.pages((4L << 30) + 1))
                .hasMessageStartingWith("requested memory exceeds the wasm limit");
    }

    @Test
    void networkedTasksAreRefusedAndNoneOrDefaultRun() throws Exception {
        assertThatThrownBy(() -> engine.run(new Run("exit3").network(NetworkType.HTTP).context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .startsWith(
                                            "the wasm engine offers no network access; use Network None");
                        });
        assertThat(engine.run(new Run("exit3").network(NetworkType.NONE).context()).exitCode())
                .isEqualTo(3);
        assertThat(engine.run(new Run("exit3").network(NetworkType.DEFAULT).context()).exitCode())
                .isEqualTo(3);
    }

    @Test
    void aResultNameThatIsAnInputTargetIsRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Run run = new Run("exit3").input(dir, "/data").result(new ResultPath("data", "/data"));

        assertThatThrownBy(() -> engine.run(run.context()))
                .hasMessage("output name \"data\" conflicts with input target");
    }

    private Path results() {
        return tmp.resolve("exec/results");
    }

    private static Path module(String name) throws URISyntaxException {
        return Path.of(WasmEngineTest.class.getResource("/wasm/" + name + ".wasm").toURI());
    }

    /** One execution of a test program, mounted at /app/<name>.wasm. */
    private final class Run {
        final Map<String, Object> params = new LinkedHashMap<>();
        final List<StagedInput> inputs = new ArrayList<>();
        final List<ResultPath> resultPaths = new ArrayList<>();
        Map<String, String> env = Map.of();
        NetworkType network = NetworkType.NONE;
        String memory = "";
        BooleanSupplier cancelled = () -> false;

        Run(String program) throws URISyntaxException {
            params.put("EntryModule", "/app/" + program + ".wasm");
            input(module(program), "/app/" + program + ".wasm");
        }

        Run input(Path host, String target) {
            inputs.add(new StagedInput(host.toString(), target, true, 0));
            return this;
        }

        Run params(List<String> parameters) {
            params.put("Parameters", parameters);
            return this;
        }

        Run entrypoint(String name) {
            params.put("Entrypoint", name);
            return this;
        }

        Run result(ResultPath resultPath) {
            resultPaths.add(resultPath);
            return this;
        }

        Run env(Map<String, String> value) {
            env = value;
            return this;
        }

        Run network(NetworkType type) {
            network = type;
            return this;
        }

        Run memory(String value) {
            memory = value;
            return this;
        }

        Run cancelled(BooleanSupplier value) {
            cancelled = value;
            return this;
        }

        ExecutionContext context() throws IOException {
            Path exec = tmp.resolve("exec");
            if (Files.exists(exec)) {
                io.caravel.activities.files.FileTrees.delete(exec);
            }
            Path resultsDir = Files.createDirectories(exec.resolve("results"));
            Path logs = Files.createDirectories(exec.resolve("logs"));
            Task task =
                    Task.builder()
                            .name("main")
                            .engine(SpecConfig.of("wasm", params))
                            .resultPaths(resultPaths)
                            .network(new NetworkConfig(network, List.of(), List.of()))
                            .resources(new ResourcesConfig("", memory, "", ""))
                            .build();
            Job job =
                    Job.builder()
                            .id("j-wasm")
                            .name("wasm")
                            .type("batch")
                            .count(1)
                            .task(task)
                            .build();
            return new ExecutionContext(
                    job,
                    "e-wasm",
                    0,
                    "node-1",
                    null,
                    exec,
                    resultsDir,
                    logs,
                    new StagedInputs(inputs),
                    env,
                    message -> {},
                    cancelled);
        }
    }
}
