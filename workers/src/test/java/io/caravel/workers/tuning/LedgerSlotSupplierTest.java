package io.caravel.workers.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.placement.NodeLedger;
import io.caravel.api.quantity.Resources;
import io.temporal.worker.tuning.ActivitySlotInfo;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotReleaseContext;
import io.temporal.worker.tuning.SlotReleaseReason;
import io.temporal.worker.tuning.SlotReserveContext;
import io.temporal.worker.tuning.SlotSupplierFuture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LedgerSlotSupplierTest {
    private static final Resources WHOLE_NODE = new Resources(2_000, 4L << 30, 0, 0);

    private final NodeLedger ledger =
            new NodeLedger(new Resources(2_000, 4L << 30, 10L << 30, 0), List.of(0));

    private static SlotReserveContext<ActivitySlotInfo> ctx() {
        return new SlotReserveContext<>() {
            @Override
            public String getTaskQueue() {
                return "caravel-place-cpu";
            }

            @Override
            public Map<SlotPermit, ActivitySlotInfo> getUsedSlots() {
                return Map.of();
            }

            @Override
            public String getWorkerIdentity() {
                return "test";
            }

            @Override
            public String getWorkerBuildId() {
                return "";
            }

            @Override
            public int getNumIssuedSlots() {
                return 0;
            }
        };
    }

    private static SlotReleaseContext<ActivitySlotInfo> released(SlotPermit permit) {
        return new SlotReleaseContext<>() {
            @Override
            public SlotReleaseReason getSlotReleaseReason() {
                return SlotReleaseReason.taskComplete();
            }

            @Override
            public SlotPermit getSlotPermit() {
                return permit;
            }

            @Override
            public ActivitySlotInfo getSlotInfo() {
                return null;
            }
        };
    }

    @Test
    void slotsAreHandedOutUpToTheMaximumWhileTheLedgerHasRoom() throws Exception {
        LedgerSlotSupplier supplier = LedgerSlotSupplier.forCpuQueue(ledger, 2);

        SlotSupplierFuture first = supplier.reserveSlot(ctx());
        SlotSupplierFuture second = supplier.reserveSlot(ctx());
        SlotSupplierFuture third = supplier.reserveSlot(ctx());

        assertThat(first).isDone();
        assertThat(second).isDone();
        assertThat(third).isNotDone();
        assertThat(supplier.tryReserveSlot(ctx())).isEmpty();
        assertThat(supplier.getMaximumSlots()).contains(2);

        supplier.releaseSlot(released(first.get()));

        assertThat(third.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(supplier.issuedSlots()).isEqualTo(2);
        assertThat(supplier.waitingReservations()).isZero();
    }

    @Test
    void aFullLedgerBlocksReservationsUntilItReleases() throws Exception {
        LedgerSlotSupplier supplier = LedgerSlotSupplier.forCpuQueue(ledger, 4);
        assertThat(ledger.tryReserve("e-1", WHOLE_NODE)).isPresent();

        SlotSupplierFuture waiting = supplier.reserveSlot(ctx());

        assertThat(waiting).isNotDone();
        assertThat(supplier.tryReserveSlot(ctx())).isEmpty();
        assertThat(supplier.issuedSlots()).isZero();

        ledger.release("e-1");

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(supplier.issuedSlots()).isEqualTo(1);
        assertThat(supplier.tryReserveSlot(ctx())).isPresent();
    }

    @Test
    void waitingReservationsAreGrantedOldestFirst() throws Exception {
        LedgerSlotSupplier supplier = LedgerSlotSupplier.forCpuQueue(ledger, 1);
        ledger.tryReserve("e-1", WHOLE_NODE);
        SlotSupplierFuture older = supplier.reserveSlot(ctx());
        SlotSupplierFuture newer = supplier.reserveSlot(ctx());

        ledger.release("e-1");

        assertThat(older.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(newer).isNotDone();
        supplier.releaseSlot(released(older.get()));
        assertThat(newer.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void anAbandonedReservationTakesNoSlot() throws Exception {
        LedgerSlotSupplier supplier = LedgerSlotSupplier.forCpuQueue(ledger, 1);
        ledger.tryReserve("e-1", WHOLE_NODE);
        SlotSupplierFuture abandoned = supplier.reserveSlot(ctx());

        assertThat(abandoned.abortReservation()).isNull();
        ledger.release("e-1");

        assertThat(supplier.waitingReservations()).isZero();
        assertThat(supplier.issuedSlots()).isZero();
        assertThat(supplier.tryReserveSlot(ctx())).isPresent();
    }

    @Test
    void aReservationAbandonedAfterItWasGrantedKeepsItsPermit() throws Exception {
        LedgerSlotSupplier supplier = LedgerSlotSupplier.forCpuQueue(ledger, 1);
        ledger.tryReserve("e-1", WHOLE_NODE);
        SlotSupplierFuture granted = supplier.reserveSlot(ctx());
        ledger.release("e-1");

        SlotPermit permit = granted.abortReservation();

        assertThat(permit).isNotNull();
        assertThat(supplier.issuedSlots()).isEqualTo(1);
    }

    @Test
    void theGpuQueueWaitsForAFreeGpuEvenWithCpuFree() throws Exception {
        LedgerSlotSupplier supplier = LedgerSlotSupplier.forGpuQueue(ledger, 2);
        assertThat(ledger.tryReserve("gpu-job", new Resources(500, 1L << 30, 0, 1))).isPresent();

        SlotSupplierFuture waiting = supplier.reserveSlot(ctx());

        assertThat(ledger.hasFreeCapacity()).isTrue();
        assertThat(waiting).isNotDone();
        ledger.release("gpu-job");
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aLedgerWithoutGpusNeverGrantsGpuSlots() {
        NodeLedger cpuOnly = new NodeLedger(new Resources(2_000, 4L << 30, 0, 0), List.of());

        assertThat(LedgerSlotSupplier.forGpuQueue(cpuOnly, 1).tryReserveSlot(ctx())).isEmpty();
    }
}
