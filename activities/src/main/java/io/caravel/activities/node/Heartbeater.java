package io.caravel.activities.node;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats one long activity step from a scheduler thread while the step runs on the activity
 * thread, with the latest progress line (and the seconds elapsed) as details. It is also how the
 * step learns what Temporal wants of it, from how a heartbeat is answered:
 *
 * <ul>
 *   <li>cancelled (a stop, the job's end): the step must stop and kill its work, {@link
 *       #stopRequested()};
 *   <li>the worker is stopping, or the attempt no longer exists on the server (it timed out there
 *       and a newer attempt was scheduled, or the workflow ended): the step must let go of its work
 *       and leave it running for re-attachment; the activity thread is interrupted (when the work
 *       outlives the worker, or always for a vanished attempt) and {@link #throwIfStopped} says
 *       {@code NODE_INTERRUPTED};
 *   <li>the server cannot be reached for longer than the heartbeat timeout (the SDK then reports a
 *       local heartbeat timeout): nothing; a Temporal outage is not a reason to kill work, the step
 *       goes on and a newer attempt takes over when the server is back.
 * </ul>
 *
 * An optional node-side deadline stops the step even when the server cannot be reached.
 */
final class Heartbeater implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeater.class);

    /**
     * The longest gap between heartbeats; shorter when the activity's heartbeat timeout is short.
     */
    static final Duration MAX_INTERVAL = Duration.ofSeconds(5);

    private static final Duration MIN_INTERVAL = Duration.ofMillis(50);

    private final ActivityExecutionContext context;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<String> progress;
    private final long startNanos = System.nanoTime();
    private volatile ScheduledFuture<?> beats;
    private final ScheduledFuture<?> deadline;
    private final Thread activityThread = Thread.currentThread();
    private final boolean interruptWhenWorkerStops;
    private volatile ActivityCompletionException completion;
    private volatile String detached;
    private volatile boolean serverUnreachable;
    private volatile boolean timedOut;
    private volatile boolean closed;
    private boolean interruptSent;

    private Heartbeater(
            ActivityExecutionContext context,
            ScheduledExecutorService scheduler,
            String initial,
            long deadlineSeconds,
            boolean beatAtOnce,
            boolean interruptWhenWorkerStops) {
        this.context = context;
        this.scheduler = scheduler;
        this.interruptWhenWorkerStops = interruptWhenWorkerStops;
        this.progress = new AtomicReference<>(initial);
        long interval = interval(context.getInfo().getHeartbeatTimeout()).toMillis();
        this.beats =
                scheduler.scheduleWithFixedDelay(
                        this::beat, beatAtOnce ? 0 : interval, interval, TimeUnit.MILLISECONDS);
        this.deadline =
                deadlineSeconds > 0
                        ? scheduler.schedule(
                                () -> timedOut = true, deadlineSeconds, TimeUnit.SECONDS)
                        : null;
    }

    /**
     * Starts heartbeating {@code context} with {@code initial} as the first progress line.
     *
     * @param deadlineSeconds after how long the step must stop; 0 for no node-side deadline
     */
    static Heartbeater start(
            ActivityExecutionContext context,
            ScheduledExecutorService scheduler,
            String initial,
            long deadlineSeconds) {
        return new Heartbeater(context, scheduler, initial, deadlineSeconds, true, false);
    }

    /**
     * Like {@link #start}, for a run whose work outlives the worker: when the worker stops, the
     * activity thread is interrupted so the run lets go of its work at once.
     */
    static Heartbeater startDetachable(
            ActivityExecutionContext context,
            ScheduledExecutorService scheduler,
            String initial,
            long deadlineSeconds) {
        return new Heartbeater(context, scheduler, initial, deadlineSeconds, true, true);
    }

    /**
     * Like {@link #start} with no deadline, but the first heartbeat waits one interval: a step that
     * is usually instant (an engine's preparation) sends nothing, so the SDK's heartbeat throttling
     * does not hold back the next step's first line.
     */
    static Heartbeater startDeferred(
            ActivityExecutionContext context, ScheduledExecutorService scheduler, String initial) {
        return new Heartbeater(context, scheduler, initial, 0, false, false);
    }

    /**
     * A third of the heartbeat timeout, so two heartbeats may be lost without a timeout; at most 5
     * s.
     */
    static Duration interval(Duration heartbeatTimeout) {
        if (heartbeatTimeout == null
                || heartbeatTimeout.isZero()
                || heartbeatTimeout.isNegative()) {
            return MAX_INTERVAL;
        }
        Duration third = heartbeatTimeout.dividedBy(3);
        return third.compareTo(MAX_INTERVAL) > 0
                ? MAX_INTERVAL
                : third.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : third;
    }

    /**
     * Records a progress line and heartbeats it from the scheduler (Temporal throttles what reaches
     * the server). The step never waits for the server here: the SDK sends an activity's first
     * heartbeat at once and holds every other heartbeat call of the activity until the server has
     * answered, which cost a small job's Execute a server round trip on its own thread (JFR, see
     * docs/benchmarks.md). A step that ends first leaves the line to nobody, as the SDK's
     * throttling would have.
     */
    void report(String message) {
        progress.set(message);
        if (closed) {
            return;
        }
        try {
            scheduler.execute(this::beat);
        } catch (RejectedExecutionException stopping) {
            // The node is shutting down; the periodic beats have stopped with the scheduler.
        }
    }

    /**
     * Whether the step must stop and kill its work: the activity was cancelled, or the deadline
     * passed.
     */
    boolean stopRequested() {
        return completion != null || timedOut;
    }

    boolean timedOut() {
        return timedOut;
    }

    /** Why the step let go of its work, or null while it has not. */
    String detachedReason() {
        return detached;
    }

    /**
     * Lets go of the work: a newer attempt of the same execution started on this node and takes it
     * over. The activity thread is interrupted.
     */
    void detach(String reason) {
        detached = reason;
        interrupt();
    }

    /**
     * Throws what stopped the step, if anything did: Temporal's completion exception (so the SDK
     * reports the cancellation), an execution timeout failure, or {@code NODE_INTERRUPTED} when the
     * step let go of its work.
     */
    void throwIfStopped(long deadlineSeconds) {
        ActivityCompletionException c = completion;
        if (c != null) {
            throw c;
        }
        if (timedOut) {
            throw ActivityFailures.executionTimeout(deadlineSeconds);
        }
        String reason = detached;
        if (reason != null) {
            throw ActivityFailures.nodeInterrupted(reason);
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
            if (serverUnreachable) {
                serverUnreachable = false;
                log.info(
                        "activity {}: Temporal answers heartbeats again",
                        context.getInfo().getActivityId());
            }
        } catch (ActivityCanceledException e) {
            if (e.getCause() instanceof TimeoutFailure) {
                // The SDK could not deliver heartbeats for the heartbeat timeout: the server is
                // away.
                if (!serverUnreachable) {
                    serverUnreachable = true;
                    log.warn(
                            "activity {}: Temporal has not answered heartbeats for the heartbeat timeout; the work"
                                    + " goes on and a newer attempt takes it over when the server is back",
                            context.getInfo().getActivityId());
                }
                return;
            }
            log.info(
                    "activity {} was cancelled: {}",
                    context.getInfo().getActivityId(),
                    e.toString());
            completion = e;
            stopBeating();
        } catch (ActivityCompletionException e) {
            boolean workerStopping = e instanceof ActivityWorkerShutdownException;
            if (workerStopping && !interruptWhenWorkerStops) {
                // In-process work: it has the worker's shutdown grace period to finish.
                log.info(
                        "activity {}: the worker is stopping; the step may finish within the shutdown grace period",
                        context.getInfo().getActivityId());
                stopBeating();
                return;
            }
            detached =
                    workerStopping
                            ? "the worker is stopping; the work is left running for re-attachment"
                            : "the attempt no longer exists on the Temporal server ("
                                    + e.getClass().getSimpleName()
                                    + "); the work is left running for a newer attempt";
            log.info("activity {}: {}", context.getInfo().getActivityId(), detached);
            stopBeating();
            interrupt();
        } catch (RuntimeException e) {
            log.warn(
                    "heartbeat of activity {} failed; will try again",
                    context.getInfo().getActivityId(),
                    e);
        }
    }

    private void stopBeating() {
        ScheduledFuture<?> scheduled = beats;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    private synchronized void interrupt() {
        if (!closed) {
            interruptSent = true;
            activityThread.interrupt();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (interruptSent) {
                // The interrupt was for the step only; the SDK must still report the attempt's end.
                Thread.interrupted();
            }
        }
        beats.cancel(false);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
