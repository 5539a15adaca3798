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
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * This node's resources and what executions have reserved of them. Reservations are keyed by
 * execution ID, so claiming twice (an activity retry) reserves once. GPUs are reserved by index.
 * Engines that run inside the worker's JVM (wasm: Chicory keeps a module's memory on the Java heap)
 * also reserve from a separate {@link HeapBudget}, a part of the worker's own heap, so no
 * combination of admitted executions can run the worker out of heap, however much memory the host
 * has. Thread-safe. The ledger lives in the worker's memory: when the worker dies its reservations
 * die with it and are never seen by another node.
 *
 * <p>A node busy with short executions may take a few claims <em>ahead</em> of room ({@link
 * AheadQueue}): they wait here, in claim order, and each is admitted (reserved) the moment a
 * release makes room for it, while its Execute is already on the way. The node then starts the next
 * execution without the claim-to-Execute round trip through the server in between. New claims do
 * not overtake waiting ones.
 */
public final class NodeLedger {
    private final Resources capacity;
    private final HeapBudget heap;
    private final TreeSet<Integer> freeGpus;
    private final Map<String, Reservation> reservations = new LinkedHashMap<>();
    private final List<Runnable> releaseListeners = new CopyOnWriteArrayList<>();
    private final AheadQueue ahead;
    private final Map<String, Reservation> waiting = new LinkedHashMap<>();
    private final LongSupplier nanoClock;
    private long lastReleaseNanos;
    private boolean released;
    private long takenAhead;
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
     * How many claims this node takes ahead of room, and when.
     *
     * @param depth the most executions waiting at once; 0 takes none ahead
     * @param afterRelease a claim is taken ahead only while the node's last release is at most this
     *     old: the node is turning over short executions, so room frees soon. A node full of long
     *     executions leaves claims to other nodes instead.
     */
    public record AheadQueue(int depth, Duration afterRelease) {
        /** No claim is taken ahead of room. */
        public static final AheadQueue NONE = new AheadQueue(0, Duration.ZERO);

        /** How recent the node's last release must be for a claim to be taken ahead. */
        public static final Duration DEFAULT_AFTER_RELEASE = Duration.ofSeconds(2);

        public AheadQueue {
            if (depth < 0) {
                throw new IllegalArgumentException(
                        "claimsAhead cannot be negative, got " + depth + "; use 0 to take none");
            }
            java.util.Objects.requireNonNull(afterRelease, "afterRelease");
        }

        /** {@code depth} claims ahead, after a release within {@link #DEFAULT_AFTER_RELEASE}. */
        public static AheadQueue of(int depth) {
            return new AheadQueue(depth, DEFAULT_AFTER_RELEASE);
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
        this(capacity, gpuIndices, heap, AheadQueue.NONE, System::nanoTime);
    }

    /** As above, taking claims ahead of room as {@code ahead} says. */
    public NodeLedger(
            Resources capacity, List<Integer> gpuIndices, HeapBudget heap, AheadQueue ahead) {
        this(capacity, gpuIndices, heap, ahead, System::nanoTime);
    }

    /** As above, reading the time (for {@link AheadQueue#afterRelease}) from {@code nanoClock}. */
    NodeLedger(
            Resources capacity,
            List<Integer> gpuIndices,
            HeapBudget heap,
            AheadQueue ahead,
            LongSupplier nanoClock) {
        this.ahead = java.util.Objects.requireNonNull(ahead, "ahead");
        this.nanoClock = java.util.Objects.requireNonNull(nanoClock, "nanoClock");
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

    /**
     * Whether a claim may come now: the node has some CPU and memory free and no execution waits
     * for room, or it can take one more claim ahead ({@link AheadQueue}).
     */
    public synchronized boolean acceptsClaims() {
        return (hasFreeCapacity() && waiting.isEmpty()) || canWaitAhead(0);
    }

    /** How many claims this node has taken ahead of room since it started. */
    public synchronized long takenAhead() {
        return takenAhead;
    }

    /** How many claimed executions wait for room now. */
    public synchronized int waitingCount() {
        return waiting.size();
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
        Optional<Reservation> existing = held(id);
        if (existing.isPresent()) {
            return existing;
        }
        if (!waiting.isEmpty() || !fits(need, heapBytes)) {
            return Optional.empty();
        }
        return Optional.of(take(id, need, heapBytes));
    }

    private boolean fits(Resources need, long heapBytes) {
        return shortfall(need, available()).isEmpty() && heapBytes <= availableHeap();
    }

    private Reservation take(String id, Resources need, long heapBytes) {
        List<Integer> gpus = new ArrayList<>();
        for (long i = 0; i < need.gpus(); i++) {
            gpus.add(freeGpus.pollFirst());
        }
        return hold(new Reservation(id, need, gpus, heapBytes));
    }

    /** Records {@code r} as held: its resources and heap count as used from now on. */
    private Reservation hold(Reservation r) {
        usedCpuMillis += r.resources().cpuMillis();
        usedMemory += r.resources().memoryBytes();
        usedDisk += r.resources().diskBytes();
        usedHeap += r.heapBytes();
        reservations.put(r.id(), r);
        return r;
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
        return reserveWithin(id, need, heapBytes, maxWait, false);
    }

    /**
     * As {@link #reserveWithin(String, Resources, long, Duration)}; with {@code mayWaitAhead}, a
     * claim that does not fit now is taken ahead of room when the {@link AheadQueue} allows it (see
     * {@link #isWaiting}), instead of waiting here. GPU claims are never taken ahead: their GPUs
     * are chosen when reserved.
     */
    public synchronized Optional<Reservation> reserveWithin(
            String id, Resources need, long heapBytes, Duration maxWait, boolean mayWaitAhead)
            throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Optional<Reservation> r = tryReserve(id, need, heapBytes);
            if (r.isPresent()) {
                return r;
            }
            if (mayWaitAhead && canWaitAhead(need.gpus())) {
                Reservation queued = new Reservation(id, need, List.of(), heapBytes);
                waiting.put(id, queued);
                takenAhead++;
                return Optional.of(queued);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private boolean canWaitAhead(long gpus) {
        return gpus == 0
                && waiting.size() < ahead.depth()
                && released
                && nanoClock.getAsLong() - lastReleaseNanos <= ahead.afterRelease().toNanos();
    }

    /** Whether {@code id} was claimed ahead of room and still waits for it. */
    public synchronized boolean isWaiting(String id) {
        return waiting.containsKey(id);
    }

    /**
     * Waits until {@code id}, claimed ahead of room, is admitted (releases made room for it and for
     * those claimed before it), for at most {@code maxWait}, asking {@code stop} between waits.
     *
     * @return true when {@code id} holds its reservation; false when it still waits (out of time,
     *     or stopped) or was released meanwhile
     */
    public synchronized boolean awaitAdmission(String id, Duration maxWait, BooleanSupplier stop)
            throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            if (reservations.containsKey(id)) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (!waiting.containsKey(id) || left <= 0 || stop.getAsBoolean()) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, STOP_CHECK.toNanos()));
        }
    }

    /** How often {@link #awaitAdmission} asks whether to stop. */
    private static final Duration STOP_CHECK = Duration.ofMillis(100);

    /** Admits waiting executions, in claim order, while the first of them fits. */
    private void admitWaiting() {
        var it = waiting.values().iterator();
        while (it.hasNext()) {
            Reservation next = it.next();
            if (!fits(next.resources(), next.heapBytes())) {
                return;
            }
            it.remove();
            take(next.id(), next.resources(), next.heapBytes());
        }
    }

    /**
     * Takes a reservation again for an execution this node claimed before it restarted (the ledger
     * is in memory). When its work is running ({@code workRunning}: a restarted worker re-attaching
     * to it), it is recorded whether or not it fits, since the work uses the resources anyway, and
     * only GPUs still free are recorded as held by it. When its work never started (a claim taken
     * ahead of room before the restart), it waits for room as a claim taken ahead does ({@link
     * #isWaiting}) unless it fits now, so that a restart does not overbook the node; GPU executions
     * are held as above, their GPUs having been chosen at the claim. Does nothing when {@code id}
     * is reserved already.
     */
    public synchronized Reservation adopt(
            String id, Resources need, List<Integer> gpuIndices, boolean workRunning) {
        Optional<Reservation> existing = held(id);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (!workRunning && need.gpus() == 0 && !fits(need, 0)) {
            Reservation queued = new Reservation(id, need, List.of(), 0);
            waiting.put(id, queued);
            return queued;
        }
        List<Integer> gpus = new ArrayList<>();
        for (Integer gpu : gpuIndices) {
            if (freeGpus.remove(gpu)) {
                gpus.add(gpu);
            }
        }
        return hold(new Reservation(id, need, gpus));
    }

    /**
     * Frees a reservation, or gives up a claim still waiting for room; false when there was neither
     * (already released, or made before a restart).
     */
    public boolean release(String id) {
        synchronized (this) {
            Reservation r = reservations.remove(id);
            if (r == null) {
                if (waiting.remove(id) == null) {
                    return false;
                }
            } else {
                usedCpuMillis -= r.resources().cpuMillis();
                usedMemory -= r.resources().memoryBytes();
                usedDisk -= r.resources().diskBytes();
                usedHeap -= r.heapBytes();
                freeGpus.addAll(r.gpuIndices());
                lastReleaseNanos = nanoClock.getAsLong();
                released = true;
            }
            admitWaiting();
            notifyAll();
        }
        releaseListeners.forEach(Runnable::run);
        return true;
    }

    /** The reservation {@code id} holds; empty while it waits for room ({@link #isWaiting}). */
    public synchronized Optional<Reservation> reservation(String id) {
        return Optional.ofNullable(reservations.get(id));
    }

    /** The reservation {@code id} holds or waits for. */
    public synchronized Optional<Reservation> held(String id) {
        Reservation r = reservations.get(id);
        return Optional.ofNullable(r != null ? r : waiting.get(id));
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
