package io.caravel.activities.providers.wasm;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.caravel.api.quantity.Quantities;
import io.caravel.api.quantity.Resources;
import io.caravel.api.spec.JobValidator;
import java.util.Optional;

/**
 * A task's memory request as the maximum size of its modules' memory: {@code Resources.Memory}
 * rounded up to 64 KiB pages, as Bacalhau does, and Bacalhau's default request ({@value
 * Resources#DEFAULT_MEMORY}) when the task has none. The memories of an execution cannot grow past
 * it together ({@code memory.grow} returns -1, so {@code malloc} fails inside the module; see
 * {@link ExecutionMemory}). Chicory keeps that memory on the worker's Java heap, so it is also what
 * an execution reserves of the worker's heap budget ({@link #heapBytes}).
 */
final class WasmMemoryLimit {
    static final long PAGE_BYTES = 64 * 1024;

    /**
     * What one execution holds of the heap besides its linear memory: Chicory's instance, tables
     * and stacks, WASI's buffers, the output writers.
     */
    static final long EXECUTION_OVERHEAD_BYTES = 16L << 20;

    private WasmMemoryLimit() {}

    /**
     * The heap an execution with {@code memoryBytes} of memory requested may hold: its pages, the
     * Java objects that hold them (a buffer of 64 KiB each, about 1/256 more), and {@link
     * #EXECUTION_OVERHEAD_BYTES}.
     */
    static long heapBytes(long memoryBytes) {
        long pages = (long) pages(memoryBytes) * PAGE_BYTES;
        return pages + pages / 256 + EXECUTION_OVERHEAD_BYTES;
    }

    /**
     * Pages for {@code bytes}, rounded up; 0 bytes (not requested) means Bacalhau's default
     * request.
     */
    static int pages(long bytes) {
        if (bytes > JobValidator.WASM_MEMORY_LIMIT) {
            throw WasmFileSystem.failed(
                    "requested memory exceeds the wasm limit - "
                            + Quantities.formatBytes(bytes)
                            + " > "
                            + Quantities.formatBytes(JobValidator.WASM_MEMORY_LIMIT),
                    "request at most 4GiB of memory for a wasm task");
        }
        long b = bytes <= 0 ? new Resources(0, 0, 0, 0).withDefaults().memoryBytes() : bytes;
        return (int) Math.min(MemoryLimits.MAX_PAGES, (b + PAGE_BYTES - 1) / PAGE_BYTES);
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
            throw WasmFileSystem.failed(
                    "the module needs "
                            + declared.initialPages()
                            + " pages of memory at start ("
                            + Quantities.formatBytes(declared.initialPages() * PAGE_BYTES)
                            + "), more than Resources.Memory"
                            + " allows ("
                            + maxPages
                            + " pages)",
                    "raise Resources.Memory");
        }
        return Optional.of(
                new MemoryLimits(
                        declared.initialPages(),
                        Math.min(declared.maximumPages(), maxPages),
                        declared.shared()));
    }
}
