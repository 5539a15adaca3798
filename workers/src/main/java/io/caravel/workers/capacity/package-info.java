/**
 * What a node offers: {@link io.caravel.workers.capacity.CapacityDetector} (CPU, memory, disk,
 * GPUs, with configured overrides) and {@link io.caravel.workers.capacity.NvidiaSmiProbe} / {@link
 * io.caravel.workers.capacity.NvidiaSmiParser} for NVIDIA GPUs.
 */
package io.caravel.workers.capacity;
