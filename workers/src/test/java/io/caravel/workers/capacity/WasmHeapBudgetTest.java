package io.caravel.workers.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.providers.wasm.WasmEngine;
import io.caravel.api.quantity.Resources;
import io.caravel.workers.config.InvalidConfigException;
import io.caravel.workers.config.WorkerConfig;
import org.junit.jupiter.api.Test;

class WasmHeapBudgetTest {
    private static long wasm(long memoryBytes) {
        return WasmEngine.heapBytes(new Resources(0, memoryBytes, 0, 0));
    }

    @Test
    void theIssuesWorkerHoldsTwoTwoGigabyteModulesNotFour() {
        long budget = WasmHeapBudget.DEFAULT.bytes(6_320_816_128L);
        assertThat(2 * wasm(2_000_000_000L)).isLessThanOrEqualTo(budget);
        assertThat(3 * wasm(2_000_000_000L)).isGreaterThan(budget);
    }

    @Test
    void aOneGibHeapStillRunsADefaultModuleAndZeroPercentTurnsWasmOff() {
        assertThat(wasm(0)).isLessThanOrEqualTo(WasmHeapBudget.DEFAULT.bytes(1L << 30));
        assertThat(new WasmHeapBudget(0, 0).bytes(1L << 30)).isZero();
        assertThat(new WasmHeapBudget(10, 1L << 30).bytes(1L << 30)).isZero();
    }

    @Test
    void theSettingsAreValidatedWithTheirKeys() {
        assertThat(WorkerConfig.builder().build().wasmHeap()).isEqualTo(WasmHeapBudget.DEFAULT);
        assertThat(
                        WorkerConfig.builder()
                                .wasmHeapPercent(50)
                                .wasmHeapReserve("1Gi")
                                .build()
                                .wasmHeap())
                .isEqualTo(new WasmHeapBudget(50, 1L << 30));
        assertThatThrownBy(
                        () ->
                                WorkerConfig.builder()
                                        .wasmHeapPercent(101)
                                        .wasmHeapReserve("lots")
                                        .build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("wasmHeapPercent")
                .hasMessageContaining("wasmHeapReserve");
    }
}
