package io.caravel.activities.node;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats one long activity step from a scheduler thread while the step runs on the activity
 * thread, with the latest progress line (and the seconds elapsed) as details. It is also how the
 * step learns it must stop: Temporal answers a heartbeat of a cancelled, timed-out or
 * shut-down activity by throwing, which {@link #stopRequested()} then reports; and an optional
 * node-side deadline stops the step even when the server cannot be reached.
 */
final class Heartbeater implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeater.class);
    /** The longest gap between heartbeats; shorter when the activity's heartbeat timeout is short. */
    static final Duration MAX_INTERVAL = Duration.ofSeconds(5);
    private static final Duration MIN_INTERVAL = Duration.ofMillis(50);

    private final ActivityExecutionContext context;
    private final AtomicReference<String> progress;
    private final long startNanos = System.nanoTime();
    private volatile ScheduledFuture<?> beats;
    private final ScheduledFuture<?> deadline;
    private volatile ActivityCompletionException completion;
    private volatile boolean timedOut;
    private volatile boolean closed;

    private Heartbeater(ActivityExecutionContext context, ScheduledExecutorService scheduler, String initial,
            long deadlineSeconds, boolean beatAtOnce) {
        this.context = context;
        this.progress = new AtomicReference<>(initial);
        long interval = interval(context.getInfo().getHeartbeatTimeout()).toMillis();
        this.beats = scheduler.scheduleWithFixedDelay(this::beat, beatAtOnce ? 0 : interval, interval,
                TimeUnit.MILLISECONDS);
        this.deadline = deadlineSeconds > 0
                ? scheduler.schedule(() -> timedOut = true, deadlineSeconds, TimeUnit.SECONDS)
                : null;
    }

    /**
     * Starts heartbeating {@code context} with {@code initial} as the first progress line.
     *
     * @param deadlineSeconds after how long the step must stop; 0 for no node-side deadline
     */
    static Heartbeater start(ActivityExecutionContext context, ScheduledExecutorService scheduler, String initial,
            long deadlineSeconds) {
        return new Heartbeater(context, scheduler, initial, deadlineSeconds, true);
    }

    /**
     * Like {@link #start} with no deadline, but the first heartbeat waits one interval: a step that
     * is usually instant (an engine's preparation) sends nothing, so the SDK's heartbeat throttling
     * does not hold back the next step's first line.
     */
    static Heartbeater startDeferred(ActivityExecutionContext context, ScheduledExecutorService scheduler,
            String initial) {
        return new Heartbeater(context, scheduler, initial, 0, false);
    }

    /** A third of the heartbeat timeout, so two heartbeats may be lost without a timeout; at most 5 s. */
    static Duration interval(Duration heartbeatTimeout) {
        if (heartbeatTimeout == null || heartbeatTimeout.isZero() || heartbeatTimeout.isNegative()) {
            return MAX_INTERVAL;
        }
        Duration third = heartbeatTimeout.dividedBy(3);
        return third.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL
                : third.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : third;
    }

    /** Records a progress line and heartbeats it (Temporal throttles what reaches the server). */
    void report(String message) {
        progress.set(message);
        beat();
    }

    /** Whether the step must stop: the activity was cancelled or timed out, or the deadline passed. */
    boolean stopRequested() {
        return completion != null || timedOut;
    }

    boolean timedOut() {
        return timedOut;
    }

    /**
     * Throws what stopped the step, if anything did: Temporal's completion exception (so the SDK
     * reports the cancellation), or an execution timeout failure.
     */
    void throwIfStopped(long deadlineSeconds) {
        ActivityCompletionException c = completion;
        if (c != null) {
            throw c;
        }
        if (timedOut) {
            throw Failures.executionTimeout(deadlineSeconds);
        }
    }

    /** The details the next heartbeat carries: the progress line and the seconds elapsed. */
    String details() {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        return progress.get() + " [" + seconds + "s]";
    }

    private void beat() {
        if (closed || completion != null) {
            return;
        }
        try {
            context.heartbeat(details());
        } catch (ActivityCompletionException e) {
            log.info("activity {} must stop: {}", context.getInfo().getActivityId(), e.toString());
            completion = e;
            ScheduledFuture<?> scheduled = beats;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        } catch (RuntimeException e) {
            log.warn("heartbeat of activity {} failed; will try again", context.getInfo().getActivityId(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        beats.cancel(false);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
