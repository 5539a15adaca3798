package io.caravel.workers.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.quantity.Resources;
import io.caravel.workers.config.WorkerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacityDetectorTest {
    private static final List<GpuInfo> TWO_H100 =
            List.of(
                    new GpuInfo(0, "NVIDIA H100 80GB HBM3", 81559),
                    new GpuInfo(1, "NVIDIA H100 80GB HBM3", 81559));

    @TempDir Path storage;

    private final CapacityDetector fake =
            new CapacityDetector(() -> TWO_H100, () -> 16_000, () -> 64L << 30, dir -> 500L << 30);

    private WorkerConfig.Builder config() {
        return WorkerConfig.builder().nodeId("n").storageDir(storage);
    }

    @Test
    void detectedValuesStandWithoutOverrides() {
        NodeCapacity c = fake.detect(config().build());

        assertThat(c.resources()).isEqualTo(new Resources(16_000, 64L << 30, 500L << 30, 2));
        assertThat(c.gpuIndices()).containsExactly(0, 1);
        assertThat(c.gpuModels()).containsExactly("NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3");
    }

    @Test
    void configuredCapacityWins() {
        NodeCapacity c =
                fake.detect(
                        config().capacityCpu("3.5")
                                .capacityMemory("8Gi")
                                .capacityDisk("100Gb")
                                .capacityGpus("1")
                                .build());

        assertThat(c.resources()).isEqualTo(new Resources(3_500, 8L << 30, 100_000_000_000L, 1));
        assertThat(c.gpus()).containsExactly(TWO_H100.get(0));
    }

    @Test
    void zeroGpusTurnsGpuWorkOff() {
        assertThat(fake.detect(config().capacityGpus("0").build()).gpus()).isEmpty();
    }

    @Test
    void moreGpusThanDetectedGetNextIndicesAndAnUnknownModel() {
        NodeCapacity c = fake.detect(config().capacityGpus("3").build());

        assertThat(c.gpus())
                .containsExactly(
                        TWO_H100.get(0), TWO_H100.get(1), new GpuInfo(2, GpuInfo.UNKNOWN_MODEL, 0));
    }

    @Test
    void theRealHostIsReadWithoutOverrides() {
        NodeCapacity c = new CapacityDetector(GpuProbe.NONE).detect(config().build());

        assertThat(c.resources().cpuMillis())
                .isEqualTo(Runtime.getRuntime().availableProcessors() * 1000L);
        assertThat(c.resources().memoryBytes()).isPositive();
        assertThat(c.resources().diskBytes()).isPositive();
        assertThat(c.resources().gpus()).isZero();
    }

    @Test
    void diskOfAStorageDirectoryNotYetCreatedIsThatOfItsParent() {
        assertThat(CapacityDetector.usableSpace(storage.resolve("a/b/c")))
                .isEqualTo(CapacityDetector.usableSpace(storage))
                .isPositive();
    }
}
