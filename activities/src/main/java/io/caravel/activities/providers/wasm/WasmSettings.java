package io.caravel.activities.providers.wasm;

import io.caravel.activities.settings.Setting;
import io.caravel.activities.settings.SettingValue;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.activities.settings.SettingsSource;
import io.caravel.api.errors.Problem;
import io.caravel.api.quantity.Quantities;
import java.util.Arrays;
import java.util.List;

/**
 * How much of the worker's own Java heap the wasm engine's modules may fill: {@code percent} of the
 * JVM's maximum heap less {@code reserveBytes} kept for the worker itself. Declares its keys
 * ({@link #DECLARATION}); the worker's configuration composes them and admits WASM work against the
 * budget.
 *
 * @param percent the part of the maximum heap (0 to 100) WASM memory may take before the reserve; 0
 *     turns WASM work off
 * @param reserveBytes subtracted from that part for the worker itself
 */
public record WasmSettings(int percent, long reserveBytes) {
    /** The documentation section of these keys. */
    public static final String SECTION = "WASM engine keys";

    public static final int DEFAULT_PERCENT = 80;
    public static final long DEFAULT_RESERVE_BYTES = 128L << 20;
    public static final WasmSettings DEFAULTS =
            new WasmSettings(DEFAULT_PERCENT, DEFAULT_RESERVE_BYTES);

    public static final Setting<Integer> HEAP_PERCENT =
            Setting.integer(
                    SECTION,
                    "wasmHeapPercent",
                    "count",
                    DEFAULT_PERCENT,
                    "Percent of the worker's maximum Java heap that WASM modules' memory may take,"
                            + " less wasmHeapReserve; WASM work is admitted against it, not the"
                            + " host's memory. 0 turns WASM work off.");

    public static final Setting<String> HEAP_RESERVE =
            Setting.of(
                    SECTION,
                    "wasmHeapReserve",
                    "quantity",
                    null,
                    "128Mi",
                    "Heap kept for the worker itself out of wasmHeapPercent (Temporal pollers,"
                            + " servers, compiled modules).",
                    SettingValue::string);

    /** The wasm engine's keys and how they make {@link WasmSettings}. */
    public static final SettingsDeclaration<WasmSettings> DECLARATION =
            SettingsDeclaration.of(
                    WasmSettings.class,
                    SECTION,
                    List.of(HEAP_PERCENT, HEAP_RESERVE),
                    WasmSettings::resolve,
                    s -> Arrays.asList(s.percent(), Long.toString(s.reserveBytes())));

    public WasmSettings {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException(
                    "the WASM heap share must be 0 to 100 percent, got " + percent);
        }
        if (reserveBytes < 0) {
            throw new IllegalArgumentException(
                    "the worker's heap reserve cannot be negative: " + reserveBytes);
        }
    }

    private static WasmSettings resolve(SettingsSource source, List<Problem> problems) {
        long reserve = DEFAULT_RESERVE_BYTES;
        String text = source.get(HEAP_RESERVE);
        if (text != null && !text.isBlank()) {
            try {
                reserve = Quantities.parseBytes(text, "memory");
            } catch (RuntimeException e) {
                problems.add(new Problem(HEAP_RESERVE.key(), e.getMessage()));
            }
        }
        int percent = source.get(HEAP_PERCENT);
        if (percent < 0 || percent > 100) {
            problems.add(new Problem(HEAP_PERCENT.key(), "must be 0 to 100, got " + percent));
            return DEFAULTS;
        }
        return new WasmSettings(percent, Math.max(0, reserve));
    }
}
