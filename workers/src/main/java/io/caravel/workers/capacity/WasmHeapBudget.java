package io.caravel.workers.capacity;

/**
 * How much of the worker's own Java heap WASM executions may fill. Chicory keeps a module's linear
 * memory on the heap, so WASM work is admitted against {@code percent} of the JVM's maximum heap
 * less {@code reserveBytes} kept for the worker itself (its Temporal pollers, HTTP servers,
 * compiled modules), not against the host's memory. 0 percent turns WASM work off.
 *
 * @param percent the part of the maximum heap (0 to 100) WASM memory may take before the reserve
 * @param reserveBytes subtracted from that part for the worker itself
 */
public record WasmHeapBudget(int percent, long reserveBytes) {
    public static final int DEFAULT_PERCENT = 80;
    public static final long DEFAULT_RESERVE_BYTES = 128L << 20;
    public static final WasmHeapBudget DEFAULT =
            new WasmHeapBudget(DEFAULT_PERCENT, DEFAULT_RESERVE_BYTES);

    public WasmHeapBudget {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException(
                    "the WASM heap share must be 0 to 100 percent, got " + percent);
        }
        if (reserveBytes < 0) {
            throw new IllegalArgumentException(
                    "the worker's heap reserve cannot be negative: " + reserveBytes);
        }
    }

    /**
     * The budget in bytes for a JVM whose maximum heap is {@code maxHeapBytes} ({@link
     * Runtime#maxMemory()}).
     */
    public long bytes(long maxHeapBytes) {
        return Math.max(0, maxHeapBytes / 100 * percent - reserveBytes);
    }
}
