package io.caravel.workers.capacity;

import java.util.Objects;

/**
 * One GPU of this node as {@code nvidia-smi} reports it.
 *
 * @param index the device index, as {@code CUDA_VISIBLE_DEVICES} and {@code --gpus device=} name it
 * @param model the product name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param memoryMiB total memory in MiB; 0 when the driver does not say
 */
public record GpuInfo(int index, String model, long memoryMiB) {
    /** The model of a GPU whose count was configured rather than detected. */
    public static final String UNKNOWN_MODEL = "unknown";

    public GpuInfo {
        Objects.requireNonNull(model, "model");
        if (index < 0) {
            throw new IllegalArgumentException("a GPU index cannot be negative, got " + index);
        }
    }
}
