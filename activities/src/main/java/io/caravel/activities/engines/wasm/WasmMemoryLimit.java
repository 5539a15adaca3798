package io.caravel.activities.engines.wasm;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.caravel.api.quantity.Quantities;
import io.caravel.api.spec.JobValidator;
import java.util.Optional;

/**
 * A task's memory request as the maximum size of a module's memory: {@code Resources.Memory}
 * rounded up to 64 KiB pages, as Bacalhau does. A module's memory cannot grow past it
 * ({@code memory.grow} returns -1, so {@code malloc} fails inside the module).
 */
final class WasmMemoryLimit {
    static final long PAGE_BYTES = 64 * 1024;

    private WasmMemoryLimit() {
    }

    /** Pages for {@code bytes}, rounded up; 0 bytes (not requested) means the module's own maximum. */
    static int pages(long bytes) {
        if (bytes > JobValidator.WASM_MEMORY_LIMIT) {
            throw WasmFileSystem.failed("requested memory exceeds the wasm limit - " + Quantities.formatBytes(bytes)
                    + " > " + Quantities.formatBytes(JobValidator.WASM_MEMORY_LIMIT),
                    "request at most 4GiB of memory for a wasm task");
        }
        return bytes <= 0 ? MemoryLimits.MAX_PAGES : (int) ((bytes + PAGE_BYTES - 1) / PAGE_BYTES);
    }

    /**
     * The limits of {@code module}'s own memory capped at {@code maxPages}; empty when the module
     * defines no memory.
     *
     * @throws io.caravel.api.errors.CaravelException when the module needs more pages at start
     */
    static Optional<MemoryLimits> of(WasmModule module, int maxPages) {
        if (module.memorySection().isEmpty() || module.memorySection().get().memoryCount() == 0) {
            return Optional.empty();
        }
        MemoryLimits declared = module.memorySection().get().getMemory(0).limits();
        if (declared.initialPages() > maxPages) {
            throw WasmFileSystem.failed("the module needs " + declared.initialPages() + " pages of memory at start ("
                    + Quantities.formatBytes(declared.initialPages() * PAGE_BYTES) + "), more than Resources.Memory"
                    + " allows (" + maxPages + " pages)", "raise Resources.Memory");
        }
        return Optional.of(new MemoryLimits(declared.initialPages(), Math.min(declared.maximumPages(), maxPages),
                declared.shared()));
    }
}
