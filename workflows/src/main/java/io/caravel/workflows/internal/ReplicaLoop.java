package io.caravel.workflows.internal;

import io.caravel.api.model.RunOutput;
import io.caravel.workflows.internal.ExecutionRunner.Attempt;
import io.caravel.workflows.internal.ExecutionRunner.Kind;
import io.caravel.workflows.internal.ExecutionRunner.Target;
import io.caravel.workflows.model.ReplicaState;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Keeps one replica of a long-running job running until it is cancelled: an execution, and when it
 * ends (whatever its exit code, a lost node, a failed placement) another one after a pause that
 * grows while the replica crash-loops ({@link RestartBackoff}). It knows at every moment whether it
 * can be handed over to the next run of the workflow ({@link #handoverState}).
 */
final class ReplicaLoop implements ExecutionRunner.Watcher {
    private final ExecutionRunner executions;
    private final JobProgress progress;
    private final RestartBackoff backoff;
    private final Target target;
    private final String name;

    /** True once the workflow hands its replicas over: nothing new may start in this run. */
    private final BooleanSupplier handingOver;

    private final int partition;
    private int attempt;
    private int crashes;
    private long restartAtMillis;
    private ReplicaState.Running running;

    /**
     * The running execution's engine run, or the pause before the next execution; null otherwise.
     */
    private Promise<?> pending;

    private boolean ended;

    ReplicaLoop(
            ExecutionRunner executions,
            JobProgress progress,
            RestartBackoff backoff,
            Target target,
            String name,
            BooleanSupplier handingOver,
            ReplicaState carried) {
        this.executions = executions;
        this.progress = progress;
        this.backoff = backoff;
        this.target = target;
        this.name = name;
        this.handingOver = handingOver;
        this.partition = carried.partition();
        this.attempt = carried.attempt();
        this.crashes = carried.crashes();
        this.restartAtMillis = carried.restartAtMillis();
        this.running = carried.running();
    }

    /** Runs until the enclosing scope is cancelled (a stop, or for a daemon the node leaving). */
    void run() {
        try {
            while (!CancellationScope.current().isCancelRequested()) {
                pauseBeforeRestart();
                Workflow.await(() -> !handingOver.getAsBoolean());
                long started = Workflow.currentTimeMillis();
                ReplicaState.Running resumed = running;
                Attempt last =
                        resumed != null
                                ? executions.resume(partition, resumed, this)
                                : executions.run(partition, ++attempt, target, this);
                long ranSince = running != null ? running.startedMillis() : started;
                running = null;
                pending = null;
                if (last.kind() == Kind.CANCELLED
                        || CancellationScope.current().isCancelRequested()) {
                    break;
                }
                crashes = backoff.crashesAfter(crashes, Workflow.currentTimeMillis() - ranSince);
                Duration pause = backoff.pause(crashes);
                restartAtMillis = Workflow.currentTimeMillis() + pause.toMillis();
                progress.event(
                        JobProgress.TOPIC_PLACEMENT,
                        name
                                + ": execution "
                                + last.executionId()
                                + " ended ("
                                + (last.message().isEmpty() ? "completed" : last.message())
                                + "); starting another in "
                                + Summaries.duration(pause)
                                + (crashes > 1 ? " (" + crashes + " short runs in a row)" : ""),
                        last.executionId());
            }
        } catch (CanceledFailure stopped) {
            // Cancelled while pausing: no execution runs.
        } finally {
            ended = true;
            pending = null;
        }
    }

    private void pauseBeforeRestart() {
        long left = restartAtMillis - Workflow.currentTimeMillis();
        if (running == null && left > 0) {
            Promise<Void> timer = Workflow.newTimer(Duration.ofMillis(left));
            pending = timer;
            timer.get();
            pending = null;
        }
    }

    @Override
    public void running(ReplicaState.Running execution, Promise<RunOutput> run) {
        this.running = execution;
        this.pending = run;
    }

    @Override
    public boolean handedOver() {
        return handingOver.getAsBoolean();
    }

    /**
     * The replica as the next run takes it over, or null while it cannot be: it is being placed,
     * staged or released, or what it waits for has just happened (the engine run ended, the pause
     * is over) and this loop has not yet seen it.
     */
    ReplicaState handoverState() {
        if (ended) {
            return null;
        }
        Promise<?> waitingFor = pending;
        if (waitingFor == null || waitingFor.isCompleted()) {
            return null;
        }
        return new ReplicaState(
                partition, target.nodeId(), attempt, crashes, restartAtMillis, running);
    }

    boolean ended() {
        return ended;
    }
}
