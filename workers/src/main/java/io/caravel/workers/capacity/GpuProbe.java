package io.caravel.workers.capacity;

import java.util.List;

/** Finds this node's GPUs. */
@FunctionalInterface
public interface GpuProbe {
    /** A probe that finds none, for nodes that must not offer GPUs. */
    GpuProbe NONE = List::of;

    /**
     * The GPUs of this node, in index order.
     *
     * @return empty when there are none or they cannot be seen; never throws for a missing driver
     */
    List<GpuInfo> detect();
}
