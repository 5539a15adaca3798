package io.caravel.workers.tuning;

import io.caravel.activities.placement.NodeLedger;
import io.temporal.worker.tuning.ActivitySlotInfo;
import io.temporal.worker.tuning.SlotMarkUsedContext;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotReleaseContext;
import io.temporal.worker.tuning.SlotReserveContext;
import io.temporal.worker.tuning.SlotSupplier;
import io.temporal.worker.tuning.SlotSupplierFuture;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Activity slots of a placement-queue worker, handed out only while this node's {@link NodeLedger}
 * has room, and never more than a fixed number at once. The Temporal worker reserves a slot before
 * each poll, so a full node stops polling the placement queue and leaves claims to nodes with room;
 * when the ledger releases a reservation, waiting reservations are granted again in order.
 *
 * <p>A slot granted while the node had room may still be used after the ledger has filled up (a
 * long poll is already under way); the claim activity then answers {@code NODE_BUSY} and the claim
 * goes elsewhere.
 */
public final class LedgerSlotSupplier implements SlotSupplier<ActivitySlotInfo> {
    private final NodeLedger ledger;
    private final int maxSlots;
    private final Predicate<NodeLedger> hasRoom;
    private final Deque<CompletableFuture<SlotPermit>> waiting = new ArrayDeque<>();
    private int issued;

    /**
     * Slots while {@link NodeLedger#acceptsClaims()}: for the CPU placement queue.
     *
     * @param maxSlots the most slots out at once, at least 1
     */
    public static LedgerSlotSupplier forCpuQueue(NodeLedger ledger, int maxSlots) {
        return new LedgerSlotSupplier(ledger, maxSlots, NodeLedger::acceptsClaims);
    }

    /**
     * Slots while the ledger has free capacity and at least one free GPU: for the GPU placement
     * queue.
     */
    public static LedgerSlotSupplier forGpuQueue(NodeLedger ledger, int maxSlots) {
        return new LedgerSlotSupplier(
                ledger, maxSlots, l -> l.hasFreeCapacity() && l.available().gpus() > 0);
    }

    /**
     * @param hasRoom whether the ledger can take another claim now; asked before each grant while
     *     this supplier's lock is held (the ledger calls its release listeners outside its own
     *     lock, so the two locks are always taken in the same order)
     */
    public LedgerSlotSupplier(NodeLedger ledger, int maxSlots, Predicate<NodeLedger> hasRoom) {
        if (maxSlots < 1) {
            throw new IllegalArgumentException("maxSlots must be at least 1, got " + maxSlots);
        }
        this.ledger = ledger;
        this.maxSlots = maxSlots;
        this.hasRoom = hasRoom;
        ledger.onRelease(this::grantWaiting);
    }

    @Override
    public SlotSupplierFuture reserveSlot(SlotReserveContext<ActivitySlotInfo> ctx) {
        CompletableFuture<SlotPermit> future;
        synchronized (this) {
            if (waiting.isEmpty() && canIssue()) {
                issued++;
                return SlotSupplierFuture.completedFuture(new SlotPermit());
            }
            future = new CompletableFuture<>();
            waiting.addLast(future);
        }
        CompletableFuture<SlotPermit> waiter = future;
        return SlotSupplierFuture.fromCompletableFuture(waiter, () -> abandon(waiter));
    }

    @Override
    public synchronized Optional<SlotPermit> tryReserveSlot(
            SlotReserveContext<ActivitySlotInfo> ctx) {
        if (!waiting.isEmpty() || !canIssue()) {
            return Optional.empty();
        }
        issued++;
        return Optional.of(new SlotPermit());
    }

    @Override
    public void markSlotUsed(SlotMarkUsedContext<ActivitySlotInfo> ctx) {
        // Nothing to track: a used slot counts the same as a reserved one.
    }

    @Override
    public void releaseSlot(SlotReleaseContext<ActivitySlotInfo> ctx) {
        synchronized (this) {
            issued--;
        }
        grantWaiting();
    }

    @Override
    public Optional<Integer> getMaximumSlots() {
        return Optional.of(maxSlots);
    }

    /** Slots handed out and not yet released. */
    public synchronized int issuedSlots() {
        return issued;
    }

    /** Reservations waiting for room. */
    public synchronized int waitingReservations() {
        return waiting.size();
    }

    /** Grants waiting reservations, oldest first, while there is room. */
    void grantWaiting() {
        synchronized (this) {
            while (!waiting.isEmpty() && canIssue()) {
                CompletableFuture<SlotPermit> next = waiting.pollFirst();
                issued++;
                // Completed under the lock so that abandon() sees it either waiting or granted.
                if (!next.complete(new SlotPermit())) {
                    issued--;
                }
            }
        }
    }

    /**
     * The worker gave up a reservation (shutdown, fewer pollers). If it was granted in the
     * meantime, the permit never reached the worker, so the slot is taken back here.
     */
    private void abandon(CompletableFuture<SlotPermit> future) {
        boolean freed;
        synchronized (this) {
            freed =
                    !waiting.remove(future)
                            && future.isDone()
                            && !future.isCompletedExceptionally();
            if (freed) {
                issued--;
            }
        }
        if (freed) {
            grantWaiting();
        }
    }

    private boolean canIssue() {
        return issued < maxSlots && hasRoom.test(ledger);
    }

    @Override
    public String toString() {
        return "LedgerSlotSupplier{maxSlots=" + maxSlots + ", issued=" + issuedSlots() + "}";
    }
}
