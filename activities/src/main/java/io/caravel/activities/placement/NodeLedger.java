package io.caravel.activities.placement;

import io.caravel.api.quantity.Quantities;
import io.caravel.api.quantity.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * This node's resources and what executions have reserved of them. Reservations are keyed by
 * execution ID, so claiming twice (an activity retry) reserves once. GPUs are reserved by index.
 * Engines that run inside the worker's JVM (wasm: Chicory keeps a module's memory on the Java heap)
 * also reserve from a separate {@link HeapBudget}, a part of the worker's own heap, so no
 * combination of admitted executions can run the worker out of heap, however much memory the host
 * has. Thread-safe. The ledger lives in the worker's memory: when the worker dies its reservations
 * die with it and are never seen by another node.
 */
public final class NodeLedger {
    private final Resources capacity;
    private final HeapBudget heap;
    private final TreeSet<Integer> freeGpus;
    private final Map<String, Reservation> reservations = new LinkedHashMap<>();
    private final List<Runnable> releaseListeners = new CopyOnWriteArrayList<>();
    private long usedCpuMillis;
    private long usedMemory;
    private long usedDisk;
    private long usedHeap;

    /**
     * A reservation: what one execution holds.
     *
     * @param heapBytes what it holds of the worker's {@link HeapBudget} (0 for engines outside the
     *     JVM)
     */
    public record Reservation(
            String id, Resources resources, List<Integer> gpuIndices, long heapBytes) {
        public Reservation {
            gpuIndices = List.copyOf(gpuIndices);
        }

        public Reservation(String id, Resources resources, List<Integer> gpuIndices) {
            this(id, resources, gpuIndices, 0);
        }
    }

    /**
     * The part of the worker's Java heap that engines running inside the JVM may fill, and what
     * each of them needs of it for a task.
     *
     * @param bytes the budget, shared by all in-process executions of this node
     * @param needByEngine by lower-cased engine type, the heap bytes one execution needs for the
     *     task's resources; engines not listed use no heap budget
     */
    public record HeapBudget(long bytes, Map<String, ToLongFunction<Resources>> needByEngine) {
        /** No separate budget: no engine reserves heap. */
        public static final HeapBudget NONE = new HeapBudget(Long.MAX_VALUE, Map.of());

        public HeapBudget {
            if (bytes < 0) {
                throw new IllegalArgumentException("a heap budget cannot be negative: " + bytes);
            }
            needByEngine = Map.copyOf(needByEngine);
        }

        /**
         * What an execution of {@code engineType} with {@code need} holds of the budget; 0 for
         * other engines.
         */
        public long need(String engineType, Resources need) {
            ToLongFunction<Resources> f =
                    needByEngine.get(
                            engineType == null ? "" : engineType.strip().toLowerCase(Locale.ROOT));
            return f == null ? 0 : f.applyAsLong(need);
        }
    }

    /**
     * {@code gpuIndices} are the device indices of this node's GPUs (their count is the GPU
     * capacity).
     */
    public NodeLedger(Resources capacity, List<Integer> gpuIndices) {
        this(capacity, gpuIndices, HeapBudget.NONE);
    }

    /**
     * As {@link #NodeLedger(Resources, List)}, with {@code heap} for the engines that run inside
     * the JVM.
     */
    public NodeLedger(Resources capacity, List<Integer> gpuIndices, HeapBudget heap) {
        this.capacity =
                new Resources(
                        capacity.cpuMillis(),
                        capacity.memoryBytes(),
                        capacity.diskBytes(),
                        gpuIndices.size());
        this.heap = java.util.Objects.requireNonNull(heap, "heap");
        this.freeGpus = new TreeSet<>(gpuIndices);
    }

    public HeapBudget heapBudget() {
        return heap;
    }

    /** What is free of the {@link HeapBudget} now. */
    public synchronized long availableHeap() {
        return heap.bytes() - usedHeap;
    }

    public Resources capacity() {
        return capacity;
    }

    public synchronized Resources available() {
        return new Resources(
                capacity.cpuMillis() - usedCpuMillis,
                capacity.memoryBytes() - usedMemory,
                capacity.diskBytes() - usedDisk,
                freeGpus.size());
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
        return tryReserve(id, need, 0);
    }

    /**
     * As {@link #tryReserve(String, Resources)}, also reserving {@code heapBytes} of the {@link
     * HeapBudget} (see {@link HeapBudget#need}).
     *
     * @return empty when the resources or the heap are not free now
     */
    public synchronized Optional<Reservation> tryReserve(
            String id, Resources need, long heapBytes) {
        Reservation existing = reservations.get(id);
        if (existing != null) {
            return Optional.of(existing);
        }
        if (!shortfall(need, available()).isEmpty() || heapBytes > availableHeap()) {
            return Optional.empty();
        }
        List<Integer> gpus = new ArrayList<>();
        for (long i = 0; i < need.gpus(); i++) {
            gpus.add(freeGpus.pollFirst());
        }
        usedCpuMillis += need.cpuMillis();
        usedMemory += need.memoryBytes();
        usedDisk += need.diskBytes();
        usedHeap += heapBytes;
        Reservation r = new Reservation(id, need, gpus, heapBytes);
        reservations.put(id, r);
        return Optional.of(r);
    }

    /**
     * As {@link #tryReserve(String, Resources, long)}, waiting up to {@code maxWait} for releases
     * to make room.
     *
     * @return empty when the resources or the heap are still not free after {@code maxWait}
     */
    public synchronized Optional<Reservation> reserveWithin(
            String id, Resources need, long heapBytes, Duration maxWait)
            throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Optional<Reservation> r = tryReserve(id, need, heapBytes);
            long left = deadline - System.nanoTime();
            if (r.isPresent() || left <= 0) {
                return r;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * Takes a reservation again for an execution whose work is already running on this node (a
     * restarted worker re-attaching to it): it is recorded whether or not it fits, since the work
     * uses the resources anyway. Only GPUs still free are recorded as held by it. Does nothing when
     * {@code id} is reserved already.
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

    /**
     * Frees a reservation; false when there was none (already released, or made before a restart).
     */
    public boolean release(String id) {
        synchronized (this) {
            Reservation r = reservations.remove(id);
            if (r == null) {
                return false;
            }
            usedCpuMillis -= r.resources().cpuMillis();
            usedMemory -= r.resources().memoryBytes();
            usedDisk -= r.resources().diskBytes();
            usedHeap -= r.heapBytes();
            freeGpus.addAll(r.gpuIndices());
            notifyAll();
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
     * What is missing now for {@code need} and {@code heapBytes} of the heap budget, in words;
     * empty when both fit.
     */
    public synchronized String shortfallNow(Resources need, long heapBytes) {
        return join(
                shortfall(need, available()), heapShortfall(heapBytes, availableHeap(), "free"));
    }

    /**
     * What {@code heapBytes} lacks in the whole heap budget, in words; empty when it could ever
     * fit.
     */
    public String heapShortfallEver(long heapBytes) {
        return heapShortfall(heapBytes, heap.bytes(), "in total");
    }

    private static String heapShortfall(long heapBytes, long have, String what) {
        if (heapBytes <= have) {
            return "";
        }
        return Quantities.formatBytes(heapBytes)
                + " of the worker's heap for in-process (wasm) memory ("
                + Quantities.formatBytes(Math.max(0, have))
                + " "
                + what
                + ")";
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + ", " + b;
    }

    /**
     * What {@code need} lacks in {@code have}, e.g. {@code "2 GPUs (1 free)"}; empty when it fits.
     */
    public static String shortfall(Resources need, Resources have) {
        List<String> missing = new ArrayList<>();
        if (need.cpuMillis() > have.cpuMillis()) {
            missing.add(
                    cpu(need.cpuMillis())
                            + " CPU ("
                            + cpu(Math.max(0, have.cpuMillis()))
                            + " free)");
        }
        if (need.memoryBytes() > have.memoryBytes()) {
            missing.add(
                    Quantities.formatBytes(need.memoryBytes())
                            + " memory ("
                            + Quantities.formatBytes(Math.max(0, have.memoryBytes()))
                            + " free)");
        }
        if (need.diskBytes() > have.diskBytes()) {
            missing.add(
                    Quantities.formatBytes(need.diskBytes())
                            + " disk ("
                            + Quantities.formatBytes(Math.max(0, have.diskBytes()))
                            + " free)");
        }
        if (need.gpus() > have.gpus()) {
            missing.add(
                    need.gpus()
                            + (need.gpus() == 1 ? " GPU (" : " GPUs (")
                            + have.gpus()
                            + " free)");
        }
        return String.join(", ", missing);
    }

    private static String cpu(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
    }
}
