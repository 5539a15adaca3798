package io.caravel.workers.capacity;

import io.caravel.activities.providers.wasm.WasmSettings;

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
    public static final int DEFAULT_PERCENT = WasmSettings.DEFAULT_PERCENT;
    public static final long DEFAULT_RESERVE_BYTES = WasmSettings.DEFAULT_RESERVE_BYTES;
    public static final WasmHeapBudget DEFAULT = of(WasmSettings.DEFAULTS);

    /** Checked as {@link WasmSettings} checks them. */
    public WasmHeapBudget {
        new WasmSettings(percent, reserveBytes);
    }

    /**
     * The budget the wasm engine's settings set ({@code wasmHeapPercent}, {@code wasmHeapReserve}).
     */
    public static WasmHeapBudget of(WasmSettings settings) {
        return new WasmHeapBudget(settings.percent(), settings.reserveBytes());
    }

    /** This budget as the wasm engine's settings. */
    public WasmSettings settings() {
        return new WasmSettings(percent, reserveBytes);
    }

    /**
     * The budget in bytes for a JVM whose maximum heap is {@code maxHeapBytes} ({@link
     * Runtime#maxMemory()}).
     */
    public long bytes(long maxHeapBytes) {
        return Math.max(0, maxHeapBytes / 100 * percent - reserveBytes);
    }
}
