package io.caravel.activities.providers.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Store;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import io.caravel.activities.files.FileTrees;
import io.caravel.activities.node.DiskLimit;
import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.Task;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.wasm.WasmEngineSpec;
import io.caravel.api.quantity.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code wasm} engine: runs a WASI preview1 module with Chicory, in the worker's process,
 * compiled to JVM byte code by default ({@link WasmModuleCache} keeps compiled modules by SHA-256).
 * argv is {@code ["", Parameters...]} (Bacalhau's empty argv[0]); the environment is the
 * execution's, in sorted key order; the file system is {@link WasmFileSystem}'s; stdout and stderr
 * stream into the results layout. The exit code is the one given to {@code proc_exit}; a normal
 * return of the entrypoint gives {@value #NORMAL_RETURN_EXIT_CODE}, as in Bacalhau. A trap, a
 * missing entrypoint or an unloadable module fails the execution ({@code EXECUTION_FAILED}, not
 * retryable). The module runs on its own thread, interrupted when the execution is cancelled.
 *
 * <p>What the module writes to its result paths is bounded by its {@link DiskLimit}, a {@link
 * DiskQuota} in its file system: a write past it fails ({@code EIO} to the module), and the
 * execution then fails with {@code disk limit exceeded}.
 *
 * <p>WASM has no sockets here: tasks with network {@code None} or {@code Default} run, any other
 * network type is refused.
 */
public final class WasmEngine implements Engine {
    private static final Logger log = LoggerFactory.getLogger(WasmEngine.class);

    /** Bacalhau's exit code for an entrypoint that returns without calling {@code proc_exit}. */
    static final int NORMAL_RETURN_EXIT_CODE = -1;

    /** Bacalhau's exit code for a module that trapped. */
    static final int TRAP_EXIT_CODE = 1;

    /** How often the run looks at the cancellation flag. */
    private static final long POLL_MILLIS = 100;

    /** How long a module has to end once interrupted before the run gives up waiting for it. */
    private static final long STOP_GRACE_MILLIS = 5_000;

    private static final String LINK_DIR = "wasm-files";

    /** How modules run. */
    public enum Mode {
        /**
         * Chicory's compiler, with the interpreter for the functions it cannot take. The default.
         */
        COMPILED,
        /** Chicory's interpreter only: slower, nothing compiled. */
        INTERPRETED
    }

    private final ResultsLayout layout;
    private final WasmModuleCache modules;
    private final DiskLimit.Settings disk;

    /** Compiled modules cached in memory only, Bacalhau's results layout limits. */
    public WasmEngine() {
        this(new ResultsLayout(), Mode.COMPILED, null);
    }

    public WasmEngine(ResultsLayout layout, Mode mode) {
        this(layout, mode, null);
    }

    /**
     * @param compiledCacheDir where compiled modules are kept across worker restarts (created if
     *     missing); null to keep them in memory only
     */
    public WasmEngine(ResultsLayout layout, Mode mode, Path compiledCacheDir) {
        this(layout, mode, compiledCacheDir, DiskLimit.Settings.DEFAULT);
    }

    /**
     * As {@link #WasmEngine(ResultsLayout, Mode, Path)}, limiting what a module writes as {@code
     * disk} says (its default for tasks that set no {@code Resources.Disk}).
     */
    public WasmEngine(
            ResultsLayout layout, Mode mode, Path compiledCacheDir, DiskLimit.Settings disk) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.disk = Objects.requireNonNull(disk, "disk");
        try {
            this.modules =
                    new WasmModuleCache(
                            Objects.requireNonNull(mode, "mode"),
                            compiledCacheDir == null
                                    ? Optional.empty()
                                    : Optional.of(new CompiledModuleDiskCache(compiledCacheDir)));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the wasm engine's cache directory " + compiledCacheDir, e);
        }
    }

    @Override
    public String type() {
        return SpecTypes.ENGINE_WASM;
    }

    /**
     * What one execution with {@code need} holds of the worker's heap at most: its modules' memory
     * (Chicory keeps it on the Java heap) up to the task's limit, and the instance around it. The
     * node ledger reserves it from the worker's heap budget when it admits the execution.
     */
    public static long heapBytes(Resources need) {
        return WasmMemoryLimit.heapBytes(need.memoryBytes());
    }

    @Override
    public RunOutput run(ExecutionContext execution) throws InterruptedException {
        Task task = execution.task();
        WasmEngineSpec spec = WasmEngineSpec.decode(task.engine());
        checkNetwork(task.network().type());
        DiskLimit.requireInputsFit(execution);
        int maxPages = WasmMemoryLimit.pages(Resources.parse(task.resources()).memoryBytes());
        try {
            DiskQuota quota =
                    new DiskQuota(
                            DiskLimit.of(execution, disk.defaultTaskDiskBytes()),
                            resultPathBytes(execution));
            WasmFileSystem fs =
                    WasmFileSystem.create(
                            execution.inputs(),
                            task.inputSources(),
                            task.resultPaths(),
                            execution.resultsDir(),
                            execution.executionDir().resolve(LINK_DIR),
                            quota);
            WasmModuleCache.Loaded entry =
                    modules.load(fs.module(spec.entryModule(), WasmEngineSpec.ENTRY_MODULE));
            Map<String, WasmModuleCache.Loaded> imports = new LinkedHashMap<>();
            for (String path : spec.importModules()) {
                imports.put(path, modules.load(fs.module(path, WasmEngineSpec.IMPORT_MODULES)));
            }
            if (!exportsFunction(entry.module(), spec.entrypoint())) {
                throw WasmFileSystem.failed(
                        "unable to find the entrypoint '"
                                + spec.entrypoint()
                                + "' in the WASM module",
                        "set Entrypoint to a function the module exports (usually _start)");
            }
            execution
                    .progress()
                    .report("wasm: running " + spec.entryModule() + " " + spec.entrypoint());
            ExecutionMemory memory = new ExecutionMemory(maxPages);
            try (WasmFileSystem.Opened mounts = fs.open();
                    ResultsLayout.Writer writer = layout.open(execution.resultsDir())) {
                WasiOptions options = options(spec, execution, mounts, writer);
                Ending ending =
                        runOnThread(
                                execution,
                                () ->
                                        call(
                                                entry,
                                                imports,
                                                spec.entrypoint(),
                                                options,
                                                maxPages,
                                                memory),
                                () -> flush(writer));
                if (ending.trapped() && memory.refused()) {
                    // The module was refused memory and then failed: say so, with the limit.
                    ending = Ending.failed(memory.exceeded() + "; then " + ending.error(), true);
                }
                return finish(writer, ending, execution.executionId(), quota);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "wasm engine could not prepare or write execution " + execution.executionId(),
                    e);
        }
    }

    private static void checkNetwork(NetworkType type) {
        if (type != NetworkType.NONE && type != NetworkType.DEFAULT) {
            throw WasmFileSystem.failed(
                    "the wasm engine offers no network access; use Network None (requested "
                            + type.canonical()
                            + ")",
                    "set Network.Type to None (or leave it Default)");
        }
    }

    private static boolean exportsFunction(WasmModule module, String name) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.name().equals(name) && export.exportType() == ExternalType.FUNCTION) {
                return true;
            }
        }
        return false;
    }

    private static WasiOptions options(
            WasmEngineSpec spec,
            ExecutionContext execution,
            WasmFileSystem.Opened mounts,
            ResultsLayout.Writer writer) {
        List<String> argv = new ArrayList<>();
        argv.add("");
        argv.addAll(spec.parameters());
        WasiOptions.Builder options =
                WasiOptions.builder()
                        .withStdout(writer.stdout(), false)
                        .withStderr(writer.stderr(), false)
                        .withArguments(argv)
                        .withThrowOnExit0(true);
        new TreeMap<>(execution.env()).forEach(options::withEnvironment);
        mounts.preopens().forEach(options::withDirectory);
        return options.build();
    }

    /** Instantiates the import modules, then the entry module, and calls the entrypoint. */
    private static Ending call(
            WasmModuleCache.Loaded entry,
            Map<String, WasmModuleCache.Loaded> imports,
            String entrypoint,
            WasiOptions options,
            int maxPages,
            ExecutionMemory memory) {
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
            Store store = new Store();
            store.addFunction(wasi.toHostFunctions());
            for (Map.Entry<String, WasmModuleCache.Loaded> module : imports.entrySet()) {
                Instance instance = instantiate(module.getValue(), store, maxPages, memory);
                store.register(module.getKey(), instance);
                String guest = WasmFileSystem.guestPath(module.getKey());
                if (!guest.equals(module.getKey())) {
                    store.register(guest, instance);
                }
            }
            Instance instance = instantiate(entry, store, maxPages, memory);
            instance.export(entrypoint).apply();
            return Ending.exited(NORMAL_RETURN_EXIT_CODE);
        } catch (WasiExitException e) {
            return Ending.exited(e.exitCode());
        }
    }

    private static Instance instantiate(
            WasmModuleCache.Loaded module, Store store, int maxPages, ExecutionMemory memory) {
        Instance.Builder builder =
                module.instanceBuilder()
                        .withImportValues(store.toImportValues())
                        .withStart(false)
                        .withMemoryFactory(memory::create);
        WasmMemoryLimit.of(module.module(), maxPages).ifPresent(builder::withMemoryLimits);
        return builder.build();
    }

    /**
     * Pushes what the module printed so far to the results files, where the node's logs endpoint
     * (and {@code job logs -f}) reads it while the module runs.
     */
    private static void flush(ResultsLayout.Writer writer) {
        try {
            writer.stdout().flush();
            writer.stderr().flush();
        } catch (IOException e) {
            log.debug("could not flush the output of a running wasm module", e);
        }
    }

    /**
     * Runs {@code body} on a thread of its own and waits, interrupting it once the execution is
     * cancelled (Chicory stops at the next branch or call of an interrupted thread), and calling
     * {@code everyPoll} every {@value #POLL_MILLIS} ms meanwhile.
     */
    private static Ending runOnThread(
            ExecutionContext execution,
            java.util.function.Supplier<Ending> body,
            Runnable everyPoll)
            throws InterruptedException {
        AtomicReference<Ending> result = new AtomicReference<>();
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                result.set(body.get());
                            } catch (ChicoryInterruptedException e) {
                                result.set(Ending.failed("execution cancelled", false));
                            } catch (TrapException e) {
                                result.set(
                                        Ending.failed(
                                                "the WASM module trapped: " + e.getMessage(),
                                                true));
                            } catch (CaravelException e) {
                                result.set(Ending.failed(e.getMessage(), true));
                            } catch (RuntimeException e) {
                                result.set(
                                        Ending.failed(
                                                "the WASM module failed: " + e.getMessage(), true));
                            } catch (StackOverflowError e) {
                                result.set(
                                        Ending.failed(
                                                "the WASM module trapped: call stack exhausted",
                                                true));
                            } catch (OutOfMemoryError e) {
                                // Admission keeps the modules within the worker's heap budget; this
                                // is the last resort.
                                result.set(
                                        Ending.failed(
                                                "the worker ran out of heap while the WASM module ran",
                                                true));
                            }
                        },
                        "wasm-" + execution.executionId());
        thread.setDaemon(true);
        thread.start();
        try {
            while (thread.isAlive()) {
                if (execution.cancelled().getAsBoolean()) {
                    thread.interrupt();
                    thread.join(STOP_GRACE_MILLIS);
                    if (thread.isAlive()) {
                        log.warn(
                                "wasm module of execution {} did not stop within {} ms of its interruption",
                                execution.executionId(),
                                STOP_GRACE_MILLIS);
                    }
                    return Ending.failed("execution cancelled", false);
                }
                thread.join(POLL_MILLIS);
                everyPoll.run();
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            throw e;
        }
        Ending ending = result.get();
        return ending != null ? ending : Ending.failed("the WASM module failed unexpectedly", true);
    }

    /** What the result paths hold already (a retried execution's, unless the node emptied them). */
    private static long resultPathBytes(ExecutionContext execution) throws IOException {
        long bytes = 0;
        for (ResultPath resultPath : execution.task().resultPaths()) {
            bytes +=
                    FileTrees.regularFileBytes(
                            ResultsLayout.resultPathDir(execution.resultsDir(), resultPath));
        }
        return bytes;
    }

    private static RunOutput finish(
            ResultsLayout.Writer writer, Ending ending, String executionId, DiskQuota quota)
            throws IOException {
        if (quota.exceeded() && (ending.error() == null || ending.trapped())) {
            // Its writes past the limit failed (EIO); whatever the module made of that, the
            // execution fails.
            writer.finish(ending.exitCode(), quota.limit().message());
            log.info("wasm execution {} failed: {}", executionId, quota.limit().message());
            throw quota.limit().exceeded();
        }
        if (ending.error() == null) {
            return writer.finish(ending.exitCode(), "").runOutput();
        }
        if (!ending.trapped()) {
            writer.close();
            return new RunOutput("", false, "", false, NORMAL_RETURN_EXIT_CODE, ending.error());
        }
        // Keep what the module printed before it failed, as Bacalhau does, then fail the execution.
        writer.finish(TRAP_EXIT_CODE, ending.error());
        log.info("wasm execution {} failed: {}", executionId, ending.error());
        throw WasmFileSystem.failed(ending.error(), "");
    }

    /**
     * How a run ended: an exit code, or an error; {@code trapped} errors fail the execution, the
     * others (cancellation) leave the verdict to the caller.
     */
    private record Ending(int exitCode, String error, boolean trapped) {
        static Ending exited(int code) {
            return new Ending(code, null, false);
        }

        static Ending failed(String error, boolean trapped) {
            return new Ending(TRAP_EXIT_CODE, error, trapped);
        }
    }
}
