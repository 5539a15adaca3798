package io.caravel.workers.capacity;

import io.caravel.api.quantity.Resources;
import java.util.List;
import java.util.Objects;

/**
 * What this node offers: CPU, memory, disk and its GPUs. {@code resources.gpus()} is the number of
 * {@code gpus}.
 */
public record NodeCapacity(Resources resources, List<GpuInfo> gpus) {
    public NodeCapacity {
        Objects.requireNonNull(resources, "resources");
        gpus = List.copyOf(gpus);
        if (resources.gpus() != gpus.size()) {
            throw new IllegalArgumentException(
                    "resources say "
                            + resources.gpus()
                            + " GPUs but "
                            + gpus.size()
                            + " are listed");
        }
    }

    /** The device indices of the GPUs, for the node ledger. */
    public List<Integer> gpuIndices() {
        return gpus.stream().map(GpuInfo::index).toList();
    }

    /** The model of each GPU, in index order, for the node registry. */
    public List<String> gpuModels() {
        return gpus.stream().map(GpuInfo::model).toList();
    }
}
