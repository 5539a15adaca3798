package io.caravel.activities.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.quantity.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Claims taken ahead of room ({@link NodeLedger.AheadQueue}): when, in what order, and how. */
class NodeLedgerAheadQueueTest {
    private static final long GIB = 1L << 30;
    private static final Resources HALF = new Resources(1000, GIB, 0, 0);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final NodeLedger ledger =
            new NodeLedger(
                    new Resources(2000, 4 * GIB, 0, 1),
                    List.of(0),
                    NodeLedger.HeapBudget.NONE,
                    new NodeLedger.AheadQueue(2, Duration.ofSeconds(2)),
                    now::get);

    @Test
    void aFullNodeThatHasNotReleasedYetTakesNoClaimAhead() throws Exception {
        fill();

        assertThat(claim("e-3")).isEmpty();
        assertThat(ledger.acceptsClaims()).isFalse();
        assertThat(ledger.waitingCount()).isZero();
    }

    @Test
    void aFullNodeTurningOverExecutionsTakesClaimsAheadUpToTheDepth() throws Exception {
        fill();
        ledger.release("e-1");
        taken("e-1b");

        assertThat(ledger.acceptsClaims()).isTrue();
        assertThat(claim("e-3")).isPresent();
        assertThat(claim("e-4")).isPresent();
        assertThat(ledger.isWaiting("e-3")).isTrue();
        assertThat(ledger.reservation("e-3")).isEmpty();
        assertThat(ledger.held("e-3")).isPresent();
        assertThat(ledger.acceptsClaims()).isFalse();
        assertThat(claim("e-5")).isEmpty();
        assertThat(ledger.available()).isEqualTo(new Resources(0, 2 * GIB, 0, 1));
    }

    @Test
    void aReleaseOlderThanTheWindowTakesNoClaimAhead() throws Exception {
        fill();
        ledger.release("e-1");
        taken("e-1b");
        now.addAndGet(Duration.ofMillis(2001).toNanos());

        assertThat(claim("e-3")).isEmpty();
        assertThat(ledger.acceptsClaims()).isFalse();
    }

    @Test
    void releasesAdmitWaitingClaimsInClaimOrderAndNewClaimsDoNotOvertake() throws Exception {
        fill();
        ledger.release("e-1");
        taken("e-1b");
        taken("e-3");
        taken("e-4");

        ledger.release("e-2");

        assertThat(ledger.reservation("e-3")).isPresent();
        assertThat(ledger.isWaiting("e-4")).isTrue();
        assertThat(ledger.awaitAdmission("e-3", Duration.ZERO, () -> false)).isTrue();
        assertThat(ledger.awaitAdmission("e-4", Duration.ofMillis(50), () -> false)).isFalse();
        // A new claim that would fit nothing anyway, and one that waits behind e-4.
        assertThat(ledger.tryReserve("e-9", new Resources(1, 1, 0, 0))).isEmpty();
    }

    @Test
    void anExecuteWaitingForRoomIsAdmittedByTheNextRelease() throws Exception {
        fill();
        ledger.release("e-1");
        taken("e-1b");
        taken("e-3");
        CompletableFuture<Boolean> admitted =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return ledger.awaitAdmission(
                                        "e-3", Duration.ofSeconds(10), () -> false);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        Thread.sleep(100);
        assertThat(admitted).isNotDone();

        ledger.release("e-2");

        assertThat(admitted.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ledger.reservation("e-3")).isPresent();
    }

    @Test
    void aWaitingClaimReleasedBeforeAdmissionLeavesTheLedgerAsItWas() throws Exception {
        fill();
        ledger.release("e-1");
        taken("e-1b");
        taken("e-3");
        Resources before = ledger.available();

        assertThat(ledger.release("e-3")).isTrue();

        assertThat(ledger.held("e-3")).isEmpty();
        assertThat(ledger.available()).isEqualTo(before);
        assertThat(ledger.awaitAdmission("e-3", Duration.ofSeconds(5), () -> false)).isFalse();
        assertThat(ledger.release("e-3")).isFalse();
    }

    @Test
    void aStopEndsTheWaitForAdmission() throws Exception {
        fill();
        ledger.release("e-1");
        taken("e-1b");
        taken("e-3");

        assertThat(ledger.awaitAdmission("e-3", Duration.ofSeconds(30), () -> true)).isFalse();
        assertThat(ledger.isWaiting("e-3")).isTrue();
    }

    @Test
    void gpuClaimsAndClaimsThatMayNotWaitAreNeverTakenAhead() throws Exception {
        fill();
        ledger.release("e-1");
        taken("e-1b");

        assertThat(
                        ledger.reserveWithin(
                                "e-g", new Resources(500, GIB, 0, 1), 0, Duration.ZERO, true))
                .isEmpty();
        assertThat(ledger.reserveWithin("e-3", HALF, 0, Duration.ZERO, false)).isEmpty();
        assertThat(ledger.waitingCount()).isZero();
    }

    @Test
    void aRetriedClaimOfAWaitingExecutionAnswersTheSameAndWaitsOnce() throws Exception {
        fill();
        ledger.release("e-1");
        taken("e-1b");
        NodeLedger.Reservation first = claim("e-3").orElseThrow();

        assertThat(claim("e-3")).contains(first);
        assertThat(ledger.waitingCount()).isEqualTo(1);
    }

    @Test
    void afterARestartAnAdoptedClaimWhoseWorkNeverStartedWaitsForRoomInsteadOfOverbooking() {
        adoptTwoRunning();
        // e-3 was claimed ahead of room before the restart; its work never started.
        ledger.adopt("e-3", HALF, List.of(), false);

        assertThat(ledger.isWaiting("e-3")).isTrue();
        assertThat(ledger.reservation("e-3")).isEmpty();
        assertThat(ledger.reservationCount()).isEqualTo(2);

        ledger.release("e-1");

        assertThat(ledger.isWaiting("e-3")).isFalse();
        assertThat(ledger.reservation("e-3")).isPresent();
    }

    @Test
    void anAdoptedExecutionWhoseWorkStillRunsIsHeldEvenWhenItDoesNotFit() {
        adoptTwoRunning();

        ledger.adopt("e-3", HALF, List.of(), true);

        assertThat(ledger.isWaiting("e-3")).isFalse();
        assertThat(ledger.reservationCount()).isEqualTo(3);
    }

    @Test
    void depthZeroTakesNothingAhead() throws Exception {
        NodeLedger none =
                new NodeLedger(
                        new Resources(1000, GIB, 0, 0), List.of(), NodeLedger.HeapBudget.NONE);
        assertThat(none.reserveWithin("e-1", HALF, 0, Duration.ZERO, true)).isPresent();
        none.release("e-1");
        assertThat(none.reserveWithin("e-2", HALF, 0, Duration.ZERO, true)).isPresent();

        assertThat(none.reserveWithin("e-3", HALF, 0, Duration.ZERO, true)).isEmpty();
        assertThat(none.acceptsClaims()).isFalse();
    }

    /** A restarted worker's ledger: the two executions whose containers outlived it come back. */
    private void adoptTwoRunning() {
        ledger.adopt("e-1", HALF, List.of(), true);
        ledger.adopt("e-2", HALF, List.of(), true);
    }

    private void fill() throws InterruptedException {
        taken("e-1");
        taken("e-2");
        assertThat(ledger.hasFreeCapacity()).isFalse();
    }

    private void taken(String id) throws InterruptedException {
        assertThat(claim(id)).as(id).isPresent();
    }

    private Optional<NodeLedger.Reservation> claim(String id) throws InterruptedException {
        return ledger.reserveWithin(id, HALF, 0, Duration.ZERO, true);
    }
}
