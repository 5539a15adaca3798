package io.caravel.workers.capacity;

import io.caravel.api.quantity.Quantities;
import io.caravel.api.quantity.Resources;
import io.caravel.workers.config.WorkerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects what this node can offer: CPUs from the JVM, physical memory from the operating system,
 * the usable disk space of the storage directory, and GPUs from a {@link GpuProbe}. Capacity set in
 * the configuration replaces what was detected.
 */
public final class CapacityDetector {
    private static final Logger LOG = LoggerFactory.getLogger(CapacityDetector.class);

    private final GpuProbe gpuProbe;
    private final LongSupplier cpuMillis;
    private final LongSupplier memoryBytes;
    private final ToLongFunction<Path> diskBytes;

    /** Detects on this host, GPUs with {@code gpuProbe}. */
    public CapacityDetector(GpuProbe gpuProbe) {
        this(
                gpuProbe,
                CapacityDetector::processorMillis,
                CapacityDetector::physicalMemory,
                CapacityDetector::usableSpace);
    }

    CapacityDetector(
            GpuProbe gpuProbe,
            LongSupplier cpuMillis,
            LongSupplier memoryBytes,
            ToLongFunction<Path> diskBytes) {
        this.gpuProbe = gpuProbe;
        this.cpuMillis = cpuMillis;
        this.memoryBytes = memoryBytes;
        this.diskBytes = diskBytes;
    }

    /**
     * This node's capacity under {@code config}: detected, with the configured overrides applied.
     */
    public NodeCapacity detect(WorkerConfig config) {
        WorkerConfig.CapacityOverrides o = config.capacity();
        long cpu = o.cpuMillis().orElseGet(cpuMillis);
        long memory = o.memoryBytes().orElseGet(memoryBytes);
        long disk = o.diskBytes().orElseGet(() -> diskBytes.applyAsLong(config.storageDir()));
        List<GpuInfo> gpus =
                o.gpus().isPresent()
                        ? configuredGpus((int) o.gpus().getAsLong())
                        : gpuProbe.detect();
        NodeCapacity capacity =
                new NodeCapacity(new Resources(cpu, memory, disk, gpus.size()), gpus);
        LOG.info(
                "Node capacity: {} CPU, {} memory, {} disk, {} GPU(s){}",
                cpu / 1000.0,
                Quantities.formatBytes(memory),
                Quantities.formatBytes(disk),
                gpus.size(),
                gpus.isEmpty() ? "" : " " + capacity.gpuModels());
        return capacity;
    }

    /**
     * The first {@code count} detected GPUs; GPUs beyond those detected get the next free indices
     * and an unknown model, so a count can be declared on hosts where nvidia-smi cannot see them.
     */
    private List<GpuInfo> configuredGpus(int count) {
        List<GpuInfo> detected = count == 0 ? List.of() : gpuProbe.detect();
        List<GpuInfo> out = new ArrayList<>(detected.subList(0, Math.min(count, detected.size())));
        int next = out.stream().mapToInt(GpuInfo::index).max().orElse(-1) + 1;
        while (out.size() < count) {
            out.add(new GpuInfo(next++, GpuInfo.UNKNOWN_MODEL, 0));
        }
        if (count > detected.size() && !detected.isEmpty()) {
            LOG.warn(
                    "capacityGpus is {} but nvidia-smi sees {}; the others are offered with an unknown model",
                    count,
                    detected.size());
        }
        return out;
    }

    private static long processorMillis() {
        return Runtime.getRuntime().availableProcessors() * 1000L;
    }

    private static long physicalMemory() {
        // The cast is safe on every JVM Caravel runs on (HotSpot, OpenJ9); in a container the
        // value is the container's memory limit.
        var os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize();
    }

    /**
     * The usable space of the file system that holds {@code dir}, or would hold it once created.
     */
    static long usableSpace(Path dir) {
        Path at = dir.toAbsolutePath();
        while (at != null && !Files.exists(at)) {
            at = at.getParent();
        }
        if (at == null) {
            return 0;
        }
        try {
            return Files.getFileStore(at).getUsableSpace();
        } catch (IOException e) {
            LOG.warn("Cannot read the free space of {}: {}; set capacityDisk", at, e.getMessage());
            return 0;
        }
    }
}
