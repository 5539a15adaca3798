package io.caravel.api.quantity;

import io.caravel.api.model.ResourcesConfig;
import java.util.Locale;

/**
 * A task's resource request as numbers. Zero means "not requested".
 *
 * @param cpuMillis CPU in millicores (1000 = one core)
 * @param memoryBytes memory in bytes
 * @param diskBytes disk in bytes
 * @param gpus number of GPUs
 */
public record Resources(long cpuMillis, long memoryBytes, long diskBytes, long gpus) {
    /** Bacalhau's default CPU request for every job type. */
    public static final String DEFAULT_CPU = "500m";

    /**
     * Bacalhau's default memory request for every job type: 512,000,000 bytes ({@code Mb} is
     * 1000-based).
     */
    public static final String DEFAULT_MEMORY = "512Mb";

    private static final long DEFAULT_CPU_MILLIS = Quantities.parseCpuMillis(DEFAULT_CPU);
    private static final long DEFAULT_MEMORY_BYTES =
            Quantities.parseBytes(DEFAULT_MEMORY, "memory");

    /**
     * Parses every field of {@code config}; an empty (or all-whitespace) field, or a null config,
     * gives 0.
     *
     * @throws QuantityFormatException for the first field, in the order CPU, Memory, Disk, GPU,
     *     that cannot be parsed, or for a negative CPU ({@code invalid CPU value: -1.000000; ...})
     */
    public static Resources parse(ResourcesConfig config) {
        if (config == null) {
            return new Resources(0, 0, 0, 0);
        }
        long cpu = 0;
        if (!Quantities.normalize(config.cpu()).isEmpty()) {
            cpu = Quantities.parseCpuMillis(config.cpu());
            if (cpu < 0) {
                // Bacalhau prints the parsed cores with Go's %f.
                throw new QuantityFormatException(
                        "CPU",
                        String.format(
                                Locale.ROOT,
                                "invalid CPU value: %f; CPU cannot be negative%s",
                                cpu / 1000.0,
                                Quantities.CPU_HINT));
            }
        }
        long memory = parseSize(config.memory(), "memory");
        long disk = parseSize(config.disk(), "disk");
        long gpus =
                Quantities.normalize(config.gpu()).isEmpty()
                        ? 0
                        : Quantities.parseGpu(config.gpu());
        return new Resources(cpu, memory, disk, gpus);
    }

    /** CPU in cores. */
    public double cpu() {
        return cpuMillis / 1000.0;
    }

    /**
     * This request with Bacalhau's job defaults filled in where a field is zero: CPU {@value
     * #DEFAULT_CPU} and memory {@value #DEFAULT_MEMORY}. Disk and GPU have no default.
     */
    public Resources withDefaults() {
        return new Resources(
                cpuMillis == 0 ? DEFAULT_CPU_MILLIS : cpuMillis,
                memoryBytes == 0 ? DEFAULT_MEMORY_BYTES : memoryBytes,
                diskBytes,
                gpus);
    }

    private static long parseSize(String text, String kind) {
        return Quantities.normalize(text).isEmpty() ? 0 : Quantities.parseBytes(text, kind);
    }
}
