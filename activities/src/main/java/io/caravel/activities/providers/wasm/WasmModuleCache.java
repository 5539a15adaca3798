package io.caravel.activities.providers.wasm;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.caravel.api.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads modules for the engine: parsed, and compiled to JVM byte code by Chicory's compiler unless
 * the interpreter is asked for. A module seen before (same SHA-256 of its bytes) is neither parsed
 * nor compiled again: the last {@value #CACHED_MODULES} modules are kept in memory, and with a disk
 * cache their byte code outlives the worker. Functions the compiler cannot take run in the
 * interpreter.
 */
final class WasmModuleCache {
    static final int CACHED_MODULES = 64;

    /**
     * A loaded module and the machine its instances run on; an empty machine means the interpreter.
     */
    record Loaded(WasmModule module, Optional<Function<Instance, Machine>> machine) {
        Instance.Builder instanceBuilder() {
            Instance.Builder builder = Instance.builder(module);
            machine.ifPresent(builder::withMachineFactory);
            return builder;
        }
    }

    private final WasmEngine.Mode mode;
    private final Optional<Cache> diskCache;
    private final Map<String, Loaded> cache =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
                    return size() > CACHED_MODULES;
                }
            };

    WasmModuleCache(WasmEngine.Mode mode) {
        this(mode, Optional.empty());
    }

    WasmModuleCache(WasmEngine.Mode mode, Optional<Cache> diskCache) {
        this.mode = mode;
        this.diskCache = diskCache;
    }

    WasmEngine.Mode mode() {
        return mode;
    }

    /**
     * The module in {@code file}, from the cache when its bytes were loaded before.
     *
     * @throws io.caravel.api.errors.CaravelException when the file is not a valid module
     */
    Loaded load(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String key = Sha256.hex(bytes);
        synchronized (cache) {
            Loaded cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Loaded loaded;
        try {
            WasmModule module = Parser.parse(bytes);
            loaded =
                    new Loaded(
                            module,
                            mode == WasmEngine.Mode.INTERPRETED
                                    ? Optional.empty()
                                    : Optional.of(compile(module)));
        } catch (ChicoryException e) {
            throw WasmFileSystem.failed(
                    "the WASM module "
                            + file.getFileName()
                            + " cannot be loaded: "
                            + e.getMessage(),
                    "give a valid WebAssembly binary (.wasm)");
        }
        synchronized (cache) {
            cache.put(key, loaded);
        }
        return loaded;
    }

    private Function<Instance, Machine> compile(WasmModule module) {
        MachineFactoryCompiler.Builder compiler =
                MachineFactoryCompiler.builder(module)
                        .withInterpreterFallback(InterpreterFallback.SILENT);
        diskCache.ifPresent(compiler::withCache);
        return compiler.compile();
    }

    /** Whether a module with these bytes is in the cache (for tests). */
    boolean isCached(Path file) throws IOException {
        String key = Sha256.hex(Files.readAllBytes(file));
        synchronized (cache) {
            return cache.containsKey(key);
        }
    }
}
