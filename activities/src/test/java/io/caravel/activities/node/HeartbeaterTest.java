package io.caravel.activities.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.ErrorCode;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityNotExistsException;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a step does with each answer Temporal gives its heartbeats. The answers are the SDK's own
 * exceptions, thrown by a stand-in context: a local heartbeat timeout (the server away for the
 * heartbeat timeout) cannot be made on demand by a test server; the fault suite makes it for real.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HeartbeaterTest {
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final AtomicReference<RuntimeException> answer = new AtomicReference<>();

    /** The details of every heartbeat the stand-in server got. */
    private final List<String> sent = new CopyOnWriteArrayList<>();

    /** When set, a heartbeat counts down {@link #inFlight} and waits for this latch. */
    private volatile CountDownLatch serverAnswers;

    private final CountDownLatch inFlight = new CountDownLatch(1);

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        Thread.interrupted();
    }

    @Test
    void aTemporalOutageNeitherStopsNorDetachesTheStep() throws InterruptedException {
        answer.set(
                new ActivityCanceledException(
                        info(),
                        new TimeoutFailure(null, null, TimeoutType.TIMEOUT_TYPE_HEARTBEAT)));
        try (Heartbeater beat = Heartbeater.startDetachable(context(), scheduler, "running", 0)) {
            Thread.sleep(300);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(beat.stopRequested()).isFalse();
            assertThat(beat.detachedReason()).isNull();
            beat.throwIfStopped(0);
        }
    }

    @Test
    void aCancellationStopsTheStepSoItKillsItsWork() throws InterruptedException {
        answer.set(new ActivityCanceledException(info()));
        try (Heartbeater beat = Heartbeater.startDetachable(context(), scheduler, "running", 0)) {
            Thread.sleep(300);
            assertThat(beat.stopRequested()).isTrue();
            assertThatThrownBy(() -> beat.throwIfStopped(0))
                    .isInstanceOf(ActivityCanceledException.class);
        }
    }

    @Test
    void aStoppingWorkerInterruptsWorkThatOutlivesItAndLeavesItForReattachment() {
        answer.set(new ActivityWorkerShutdownException(info()));
        try (Heartbeater beat = Heartbeater.startDetachable(context(), scheduler, "running", 0)) {
            assertThatThrownBy(() -> Thread.sleep(5_000)).isInstanceOf(InterruptedException.class);
            assertThat(beat.stopRequested()).as("not a kill").isFalse();
            assertThatThrownBy(() -> beat.throwIfStopped(0))
                    .isInstanceOfSatisfying(
                            ApplicationFailure.class,
                            f ->
                                    assertThat(f.getType())
                                            .isEqualTo(ErrorCode.NODE_INTERRUPTED.name()));
        }
        assertThat(Thread.currentThread().isInterrupted())
                .as("the interrupt was for the step only")
                .isFalse();
    }

    @Test
    void aStoppingWorkerLetsInProcessWorkFinish() throws InterruptedException {
        answer.set(new ActivityWorkerShutdownException(info()));
        try (Heartbeater beat = Heartbeater.start(context(), scheduler, "running", 0)) {
            Thread.sleep(300);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(beat.stopRequested()).isFalse();
            beat.throwIfStopped(0);
        }
    }

    @Test
    void anAttemptTheServerNoLongerKnowsLetsGoOfItsWork() {
        answer.set(new ActivityNotExistsException(info(), new RuntimeException("not found")));
        try (Heartbeater beat = Heartbeater.start(context(), scheduler, "running", 0)) {
            assertThatThrownBy(() -> Thread.sleep(5_000)).isInstanceOf(InterruptedException.class);
            assertThat(beat.detachedReason()).contains("no longer exists");
            assertThat(beat.stopRequested()).isFalse();
        }
    }

    @Test
    void aNewerAttemptTakesOverByDetachingTheOlderOne() {
        answer.set(null);
        try (Heartbeater beat = Heartbeater.startDetachable(context(), scheduler, "running", 0)) {
            scheduler.schedule(
                    () -> beat.detach("a newer attempt took over"), 100, TimeUnit.MILLISECONDS);
            assertThatThrownBy(() -> Thread.sleep(5_000)).isInstanceOf(InterruptedException.class);
            assertThatThrownBy(() -> beat.throwIfStopped(0))
                    .isInstanceOfSatisfying(
                            ApplicationFailure.class,
                            f ->
                                    assertThat(f.getOriginalMessage())
                                            .contains("a newer attempt took over"));
        }
    }

    @Test
    void aProgressLineNeverWaitsForAHeartbeatTheServerHasNotAnsweredYet()
            throws InterruptedException {
        answer.set(null);
        serverAnswers = new CountDownLatch(1);
        try (Heartbeater beat = Heartbeater.start(context(), scheduler, "staging 1 inputs", 0)) {
            inFlight.await();
            // The first heartbeat is with the server; the step goes on and its line follows.
            beat.report("staged 1 of 1 inputs");
            serverAnswers.countDown();
            while (sent.stream().noneMatch(d -> d.startsWith("staged 1 of 1 inputs"))) {
                Thread.sleep(10);
            }
        }
        assertThat(sent.get(0)).startsWith("staging 1 inputs");
    }

    private ActivityExecutionContext context() {
        ActivityInfo info = info();
        return (ActivityExecutionContext)
                Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {ActivityExecutionContext.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "getInfo" -> info;
                                    case "heartbeat" -> {
                                        sent.add(String.valueOf(args[0]));
                                        CountDownLatch held = serverAnswers;
                                        if (held != null) {
                                            inFlight.countDown();
                                            held.await();
                                        }
                                        RuntimeException e = answer.get();
                                        if (e != null) {
                                            throw e;
                                        }
                                        yield null;
                                    }
                                    default ->
                                            throw new UnsupportedOperationException(
                                                    method.getName());
                                });
    }

    private static ActivityInfo info() {
        return (ActivityInfo)
                Proxy.newProxyInstance(
                        HeartbeaterTest.class.getClassLoader(),
                        new Class<?>[] {ActivityInfo.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "getHeartbeatTimeout" -> Duration.ofMillis(150);
                                    case "getActivityId" -> "a-1";
                                    case "getActivityType" -> "Execute";
                                    case "getTaskToken" -> new byte[0];
                                    case "getWorkflowId" -> "j-1";
                                    case "getRunId" -> "r-1";
                                    case "getAttempt" -> 1;
                                    case "hashCode" -> 1;
                                    case "toString" -> "info";
                                    default -> null;
                                });
    }
}
