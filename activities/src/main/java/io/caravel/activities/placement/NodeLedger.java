package io.caravel.activities.placement;

import io.caravel.api.quantity.Quantities;
import io.caravel.api.quantity.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This node's resources and what executions have reserved of them. Reservations are keyed by
 * execution ID, so claiming twice (an activity retry) reserves once. GPUs are reserved by index.
 * Thread-safe. The ledger lives in the worker's memory: when the worker dies its reservations
 * die with it and are never seen by another node.
 */
public final class NodeLedger {
    private final Resources capacity;
    private final TreeSet<Integer> freeGpus;
    private final Map<String, Reservation> reservations = new LinkedHashMap<>();
    private final List<Runnable> releaseListeners = new CopyOnWriteArrayList<>();
    private long usedCpuMillis;
    private long usedMemory;
    private long usedDisk;

    /** A reservation: what one execution holds. */
    public record Reservation(String id, Resources resources, List<Integer> gpuIndices) {
        public Reservation {
            gpuIndices = List.copyOf(gpuIndices);
        }
    }

    /** {@code gpuIndices} are the device indices of this node's GPUs (their count is the GPU capacity). */
    public NodeLedger(Resources capacity, List<Integer> gpuIndices) {
        this.capacity = new Resources(capacity.cpuMillis(), capacity.memoryBytes(), capacity.diskBytes(),
                gpuIndices.size());
        this.freeGpus = new TreeSet<>(gpuIndices);
    }

    public Resources capacity() {
        return capacity;
    }

    public synchronized Resources available() {
        return new Resources(capacity.cpuMillis() - usedCpuMillis, capacity.memoryBytes() - usedMemory,
                capacity.diskBytes() - usedDisk, freeGpus.size());
    }

    /** Whether anything could still be placed here: some CPU and some memory free. */
    public synchronized boolean hasFreeCapacity() {
        return usedCpuMillis < capacity.cpuMillis() && usedMemory < capacity.memoryBytes();
    }

    /** Whether {@code need} could ever fit on this node, empty as it is. */
    public boolean couldEverFit(Resources need) {
        return shortfall(need, capacity).isEmpty();
    }

    /**
     * Reserves {@code need} under {@code id}, or returns the existing reservation of that ID.
     *
     * @return empty when the resources are not free now
     */
    public synchronized Optional<Reservation> tryReserve(String id, Resources need) {
        Reservation existing = reservations.get(id);
        if (existing != null) {
            return Optional.of(existing);
        }
        if (!shortfall(need, available()).isEmpty()) {
            return Optional.empty();
        }
        List<Integer> gpus = new ArrayList<>();
        for (long i = 0; i < need.gpus(); i++) {
            gpus.add(freeGpus.pollFirst());
        }
        usedCpuMillis += need.cpuMillis();
        usedMemory += need.memoryBytes();
        usedDisk += need.diskBytes();
        Reservation r = new Reservation(id, need, gpus);
        reservations.put(id, r);
        return Optional.of(r);
    }

    /**
     * Takes a reservation again for an execution whose work is already running on this node (a
     * restarted worker re-attaching to it): it is recorded whether or not it fits, since the work
     * uses the resources anyway. Only GPUs still free are recorded as held by it. Does nothing
     * when {@code id} is reserved already.
     */
    public synchronized Reservation adopt(String id, Resources need, List<Integer> gpuIndices) {
        Reservation existing = reservations.get(id);
        if (existing != null) {
            return existing;
        }
        List<Integer> gpus = new ArrayList<>();
        for (Integer gpu : gpuIndices) {
            if (freeGpus.remove(gpu)) {
                gpus.add(gpu);
            }
        }
        usedCpuMillis += need.cpuMillis();
        usedMemory += need.memoryBytes();
        usedDisk += need.diskBytes();
        Reservation r = new Reservation(id, need, gpus);
        reservations.put(id, r);
        return r;
    }

    /** Frees a reservation; false when there was none (already released, or made before a restart). */
    public boolean release(String id) {
        synchronized (this) {
            Reservation r = reservations.remove(id);
            if (r == null) {
                return false;
            }
            usedCpuMillis -= r.resources().cpuMillis();
            usedMemory -= r.resources().memoryBytes();
            usedDisk -= r.resources().diskBytes();
            freeGpus.addAll(r.gpuIndices());
        }
        releaseListeners.forEach(Runnable::run);
        return true;
    }

    public synchronized Optional<Reservation> reservation(String id) {
        return Optional.ofNullable(reservations.get(id));
    }

    public synchronized int reservationCount() {
        return reservations.size();
    }

    /** Called after every release, outside the ledger's lock (a slot supplier waits on it). */
    public void onRelease(Runnable listener) {
        releaseListeners.add(listener);
    }

    /** What is missing now for {@code need}, in words; empty when it fits. */
    public synchronized String shortfallNow(Resources need) {
        return shortfall(need, available());
    }

    /**
     * What {@code need} lacks in {@code have}, e.g. {@code "2 GPUs (1 free)"}; empty when it fits.
     */
    public static String shortfall(Resources need, Resources have) {
        List<String> missing = new ArrayList<>();
        if (need.cpuMillis() > have.cpuMillis()) {
            missing.add(cpu(need.cpuMillis()) + " CPU (" + cpu(Math.max(0, have.cpuMillis())) + " free)");
        }
        if (need.memoryBytes() > have.memoryBytes()) {
            missing.add(Quantities.formatBytes(need.memoryBytes()) + " memory ("
                    + Quantities.formatBytes(Math.max(0, have.memoryBytes())) + " free)");
        }
        if (need.diskBytes() > have.diskBytes()) {
            missing.add(Quantities.formatBytes(need.diskBytes()) + " disk ("
                    + Quantities.formatBytes(Math.max(0, have.diskBytes())) + " free)");
        }
        if (need.gpus() > have.gpus()) {
            missing.add(need.gpus() + (need.gpus() == 1 ? " GPU (" : " GPUs (") + have.gpus() + " free)");
        }
        return String.join(", ", missing);
    }

    private static String cpu(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }
}
