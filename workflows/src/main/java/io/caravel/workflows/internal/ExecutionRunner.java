package io.caravel.workflows.internal;

import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.ExecutionDesiredStateType;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.Job;
import io.caravel.api.model.PortMapping;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.ExecutionRequest;
import io.caravel.workflows.activities.NodeActivities;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.PlacementActivities;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.model.ReplicaState;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Runs one execution of a job: a new execution ID, a claim, then on the claiming node the network
 * check, staging (skipped without inputs), the engine run and publishing (skipped without a
 * publisher). For a task without inputs or with inline inputs only, the engine run's activity does
 * the network check and the staging itself. The reservation is released afterwards whatever
 * happened, by the node's last step when it returns, else by a Release activity. It never retries:
 * it says whether another execution on another node is worth trying.
 */
public final class ExecutionRunner {
    private static final Logger log = Workflow.getLogger(ExecutionRunner.class);

    /**
     * Version 1: the node's last step frees the reservation, and the workflow calls Release only
     * when that step did not return. Histories without the marker call Release after every
     * execution.
     */
    static final String NODE_RELEASES_CHANGE = "node-releases-after-last-step";

    /**
     * Version 1: after a lost node the release is sent without waiting for it, so the partition is
     * placed again at once; histories without the marker waited for the release first.
     */
    static final String LOST_NODE_RELEASE_CHANGE = "lost-node-release-in-background";

    /**
     * Version 1: claims on a placement queue go through {@link Claimer}, which hears why nodes
     * refuse. Histories without the marker make one claim that the server retries until it is
     * taken.
     */
    static final String REFUSAL_REPORTS_CHANGE = "claim-reports-refusals";

    /**
     * Version 1: a task without inputs, or with inline inputs only, has Execute check the network
     * and stage the inputs itself ({@link ExecutionRequest#executePrepares}) when the claiming node
     * says it can. Histories without the marker schedule CheckNetwork (and StageInputs) as
     * activities of their own.
     */
    public static final String EXECUTE_PREPARES_CHANGE = "execute-prepares-small-tasks";

    /** How an attempt ended. */
    public enum Kind {
        COMPLETED,
        /** Stopped, timed out at job level, or the workflow was cancelled. */
        CANCELLED,
        /** The attempt failed in a way another node may not repeat (node lost, retryable error). */
        RETRY,
        /** The attempt failed in a way another node would repeat; the partition fails. */
        FAILED,
        /**
         * The node took the claim ahead of room and had none in time: placed again, as the same
         * attempt. Never returned by {@link #run}; {@link #resume} returns it as {@link #RETRY}.
         */
        REQUEUED
    }

    /** The end of one attempt; {@code message} is the reason when it did not complete. */
    public record Attempt(Kind kind, String executionId, String message) {}

    /**
     * Where to claim: a placement queue any fitting node polls, or one node's own queue.
     *
     * @param nodeId the targeted node, or "" for any
     */
    public record Target(String queue, String nodeId) {
        public boolean targeted() {
            return !nodeId.isEmpty();
        }
    }

    /** Told when an execution's engine run is scheduled on its node, with the pending run. */
    public interface Watcher {
        Watcher NONE = (execution, run) -> {};

        void running(ReplicaState.Running execution, Promise<RunOutput> run);

        /**
         * Whether this run of the workflow handed the execution to the next one (continue-as-new):
         * its threads then end without returning, and the reservation is the next run's.
         */
        default boolean handedOver() {
            return false;
        }
    }

    private enum Step {
        NETWORK("the network check"),
        STAGING("input staging"),
        EXECUTE("the execution"),
        PUBLISH("publishing");

        final String label;

        Step(String label) {
            this.label = label;
        }
    }

    private final Job job;
    private final Task task;
    private final StepOptions options;
    private final JobProgress progress;
    private final Supplier<Duration> queueWait;
    private final Supplier<String> cancelReason;
    private final Claimer claimer;

    /**
     * @param queueWait how long the next claim may wait for a node
     * @param cancelReason why running executions are being cancelled (stop reason, job timeout)
     */
    public ExecutionRunner(
            Job job,
            StepOptions options,
            JobProgress progress,
            Supplier<Duration> queueWait,
            Supplier<String> cancelReason) {
        this.job = job;
        this.task = job.task().orElseThrow();
        this.options = options;
        this.progress = progress;
        this.queueWait = queueWait;
        this.cancelReason = cancelReason;
        this.claimer = new Claimer(job, options, progress);
    }

    /** Runs one execution of {@code partition}; the execution is recorded in the job's progress. */
    public Attempt run(int partition, int attempt, Target target) {
        return run(partition, attempt, target, Watcher.NONE);
    }

    /**
     * As {@link #run(int, int, Target)}, telling {@code watcher} when the engine run is scheduled.
     */
    public Attempt run(int partition, int attempt, Target target, Watcher watcher) {
        while (true) {
            Attempt placed = runOnce(partition, attempt, target, watcher);
            if (placed.kind() != Kind.REQUEUED) {
                return placed;
            }
        }
    }

    private Attempt runOnce(int partition, int attempt, Target target, Watcher watcher) {
        String id = "e-" + Workflow.randomUUID();
        progress.newExecution(
                id,
                partition,
                attempt,
                target.targeted()
                        ? ExecutionDesiredStateType.RUNNING
                        : ExecutionDesiredStateType.PENDING);
        if (CancellationScope.current().isCancelRequested()) {
            return cancelled(id);
        }
        Duration wait = queueWait.get();
        NodeClaim claim;
        try {
            String summary =
                    target.targeted()
                            ? "claim node " + target.nodeId() + " for " + id
                            : "place " + id + " (partition " + partition + ")";
            if (!target.targeted()
                    && Workflow.getVersion(REFUSAL_REPORTS_CHANGE, Workflow.DEFAULT_VERSION, 1)
                            >= 1) {
                Claimer.Result placed = claimer.claim(id, partition, target.queue(), wait, summary);
                if (placed.claim() == null) {
                    progress.failed(id, placed.refusal());
                    log.warn(
                            "execution {} of job {} was not placed: {}",
                            id,
                            job.id(),
                            placed.refusal());
                    return new Attempt(Kind.FAILED, id, placed.refusal());
                }
                claim = placed.claim();
            } else {
                PlacementActivities placement =
                        Workflow.newActivityStub(
                                PlacementActivities.class,
                                options.claim(target.queue(), target.targeted(), wait, summary));
                claim =
                        placement.claim(
                                new ClaimRequest(ClaimJob.of(job), id, partition, target.nodeId()));
            }
        } catch (TemporalFailure f) {
            if (isCancelled(f)) {
                if (target.targeted()) {
                    // The node may have reserved before the cancellation reached it; release is
                    // keyed by execution ID and does nothing when there is no reservation.
                    release(id, new NodeClaim(target.nodeId(), target.queue(), id, List.of()));
                }
                return cancelled(id);
            }
            String reason = placementFailure(f, id, wait, target);
            progress.failed(id, reason);
            log.warn("execution {} of job {} was not placed: {}", id, job.id(), reason);
            return new Attempt(Kind.FAILED, id, reason);
        }
        progress.placed(id, claim);
        boolean nodeReleases =
                Workflow.getVersion(NODE_RELEASES_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
        return onNode(
                new ExecutionRequest(
                        job, id, partition, claim, nodeReleases, executePrepares(claim)),
                null,
                watcher);
    }

    /**
     * Takes up an execution whose engine run an earlier run of the workflow scheduled: the run is
     * scheduled again under the same execution ID, so the node re-attaches to its work (or reports
     * how it ended) instead of starting it again.
     */
    public Attempt resume(int partition, ReplicaState.Running running, Watcher watcher) {
        Attempt resumed =
                onNode(
                        new ExecutionRequest(
                                job,
                                running.executionId(),
                                partition,
                                running.claim(),
                                running.nodeReleases(),
                                executePrepares(running.claim())),
                        running.inputs(),
                        watcher);
        return resumed.kind() == Kind.REQUEUED
                ? new Attempt(Kind.RETRY, resumed.executionId(), resumed.message())
                : resumed;
    }

    /**
     * Whether Execute checks the network and stages the inputs itself: a small task, a node that
     * can, and a workflow past {@link #EXECUTE_PREPARES_CHANGE}. A re-attached run may differ from
     * its first in this; the node prepares again (both steps are idempotent) or re-attaches.
     */
    private boolean executePrepares(NodeClaim claim) {
        return ExecutionRequest.canExecutePrepare(task)
                && claim.executePrepares()
                && Workflow.getVersion(EXECUTE_PREPARES_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    /**
     * The steps on the claiming node from staging on ({@code staged} null), or from the engine run.
     */
    private Attempt onNode(ExecutionRequest request, StagedInputs staged, Watcher watcher) {
        String id = request.executionId();
        NodeClaim claim = request.claim();
        NodeRun outcome = null;
        try {
            outcome = runOnNode(request, staged, watcher);
            return outcome.attempt();
        } finally {
            if (watcher.handedOver()) {
                // The run ends here: the SDK unwinds this thread, and a release now would be sent
                // with the continue-as-new and free what the next run re-attaches to.
                log.debug("execution {} of job {} handed over to the next run", id, job.id());
            } else if (outcome != null
                    && outcome.nodeLost()
                    && Workflow.getVersion(LOST_NODE_RELEASE_CHANGE, Workflow.DEFAULT_VERSION, 1)
                            >= 1) {
                // The node is gone or away: its queue would hold the release for the node timeout
                // while the partition waits. It fences the execution itself when it comes back.
                releaseInBackground(id, claim);
            } else if (outcome == null || !outcome.nodeReleased()) {
                release(id, claim);
            }
        }
    }

    /**
     * How the steps on the node ended, and whether the node's last step already freed the
     * reservation.
     */
    private record NodeRun(Attempt attempt, boolean nodeReleased, boolean nodeLost) {
        NodeRun(Attempt attempt, boolean nodeReleased) {
            this(attempt, nodeReleased, false);
        }
    }

    private NodeRun runOnNode(ExecutionRequest request, StagedInputs staged, Watcher watcher) {
        String id = request.executionId();
        NodeClaim claim = request.claim();
        String where = " (partition " + request.partitionIndex() + ")";
        Step step = Step.NETWORK;
        try {
            StagedInputs inputs = staged == null ? StagedInputs.NONE : staged;
            boolean prepare = staged == null && !request.executePrepares();
            if (prepare) {
                List<PortMapping> ports =
                        node(options.checkNetwork(
                                        claim,
                                        "check network "
                                                + task.network().type().canonical()
                                                + where))
                                .checkNetwork(request);
                if (ports != null && !ports.isEmpty()) {
                    progress.event(
                            JobProgress.TOPIC_EXECUTION,
                            "Execution "
                                    + id
                                    + " on node "
                                    + claim.nodeId()
                                    + ": "
                                    + Summaries.ports(ports),
                            id);
                }
            }
            if (prepare && !task.inputSources().isEmpty()) {
                step = Step.STAGING;
                inputs =
                        node(options.stageInputs(
                                        claim,
                                        "stage "
                                                + task.inputSources().size()
                                                + " input"
                                                + (task.inputSources().size() == 1 ? "" : "s")
                                                + where))
                                .stageInputs(request);
                // Workflow state only (no command): the describe query shows it, replay is
                // unaffected.
                progress.staged(id, inputs == null ? 0 : inputs.totalBytes());
            }
            if (request.executePrepares() && staged == null && !task.inputSources().isEmpty()) {
                progress.staged(id, ExecutionRequest.preparedBytes(task));
            }
            step = Step.EXECUTE;
            progress.executionState(id, ExecutionStateType.RUNNING);
            NodeActivities engine =
                    node(
                            options.execute(
                                    claim,
                                    options.runTimeout(job),
                                    Summaries.engine(task) + where));
            StagedInputs mounted = inputs;
            // Scheduled the same way as a plain call; the promise lets a long-running job see
            // whether it ended.
            Promise<RunOutput> run = Async.function(engine::execute, request, mounted);
            watcher.running(
                    new ReplicaState.Running(
                            id,
                            claim,
                            mounted,
                            request.releaseWhenDone(),
                            Workflow.currentTimeMillis()),
                    run);
            RunOutput output = run.get();
            progress.output(id, output);
            boolean released = request.executeReleases(output);
            if (CancellationScope.current().isCancelRequested()) {
                return new NodeRun(cancelled(id), released);
            }
            if (output.failed()) {
                progress.failed(id, output.errorMsg());
                return new NodeRun(new Attempt(Kind.FAILED, id, output.errorMsg()), released);
            }
            SpecConfig published = SpecConfig.EMPTY;
            if (!task.publisher().isEmpty()) {
                step = Step.PUBLISH;
                progress.executionState(id, ExecutionStateType.PUBLISHING);
                published =
                        node(options.publish(
                                        claim, "publish to " + task.publisher().type() + where))
                                .publish(request);
            }
            progress.completed(id, published == null ? SpecConfig.EMPTY : published);
            return new NodeRun(new Attempt(Kind.COMPLETED, id, ""), request.releaseWhenDone());
        } catch (TemporalFailure f) {
            if (isCancelled(f)) {
                return new NodeRun(cancelled(id), false);
            }
            if (step == Step.EXECUTE && tookAheadWithoutRoom(f)) {
                String reason =
                        "node "
                                + claim.nodeId()
                                + " had no room for it in time; the partition is placed again";
                progress.cancelled(id, reason);
                return new NodeRun(new Attempt(Kind.REQUEUED, id, reason), false);
            }
            Attempt failed =
                    classify(
                            f, id, request.executePrepares() ? preparedStep(f, step) : step, claim);
            progress.failed(id, failed.message());
            log.warn(
                    "execution {} of job {} failed on node {}: {}",
                    id,
                    job.id(),
                    claim.nodeId(),
                    failed.message());
            boolean lost =
                    FailureCauses.timeout(f)
                            .map(
                                    t ->
                                            t.getTimeoutType()
                                                            == TimeoutType
                                                                    .TIMEOUT_TYPE_SCHEDULE_TO_START
                                                    || t.getTimeoutType()
                                                            == TimeoutType.TIMEOUT_TYPE_HEARTBEAT)
                            .orElse(false);
            return new NodeRun(failed, false, lost);
        }
    }

    /**
     * A lost node (not picking up work, not heartbeating) and retryable errors are worth another
     * node; an execution that ran out of time is not, because it would run out of time again.
     */
    private Attempt classify(TemporalFailure f, String id, Step step, NodeClaim claim) {
        Optional<TimeoutFailure> timeout = FailureCauses.timeout(f);
        if (timeout.isPresent()) {
            switch (timeout.get().getTimeoutType()) {
                case TIMEOUT_TYPE_SCHEDULE_TO_START:
                    if (step == Step.EXECUTE) {
                        return new Attempt(
                                Kind.RETRY,
                                id,
                                "node "
                                        + claim.nodeId()
                                        + " did not pick "
                                        + step.label
                                        + " up within its grace period of "
                                        + Summaries.duration(options.settings().nodeGracePeriod())
                                        + " (it stopped, or lost its container runtime); the node is probably lost");
                    }
                    return new Attempt(
                            Kind.RETRY,
                            id,
                            "node "
                                    + claim.nodeId()
                                    + " did not start "
                                    + step.label
                                    + " within "
                                    + Summaries.duration(options.settings().nodeScheduleToStart())
                                    + "; the node is probably lost");
                case TIMEOUT_TYPE_HEARTBEAT:
                    return new Attempt(
                            Kind.RETRY,
                            id,
                            "node "
                                    + claim.nodeId()
                                    + " sent no heartbeat for "
                                    + Summaries.duration(options.settings().heartbeatTimeout())
                                    + " during "
                                    + step.label
                                    + "; the node is probably lost");
                default:
                    if (step == Step.EXECUTE) {
                        return executionTimedOut(id);
                    }
                    return new Attempt(
                            Kind.RETRY,
                            id,
                            step.label + " on node " + claim.nodeId() + " timed out");
            }
        }
        Optional<ApplicationFailure> app = FailureCauses.raisedApplicationFailure(f);
        if (app.isPresent()) {
            if (ErrorCode.EXECUTION_TIMEOUT.name().equals(app.get().getType())) {
                return executionTimedOut(id);
            }
            String reason =
                    step.label
                            + " failed on node "
                            + claim.nodeId()
                            + ": "
                            + FailureCauses.text(app.get());
            // The node, not the task, failed: another execution (on this node or another) may
            // succeed.
            boolean nodeFault =
                    ErrorCode.EXECUTION_LOST.name().equals(app.get().getType())
                            || ErrorCode.NODE_FAILURE.name().equals(app.get().getType());
            return new Attempt(
                    app.get().isNonRetryable() && !nodeFault ? Kind.FAILED : Kind.RETRY,
                    id,
                    reason);
        }
        return new Attempt(
                Kind.RETRY,
                id,
                step.label + " failed on node " + claim.nodeId() + ": " + FailureCauses.text(f));
    }

    /**
     * Whether Execute failed because its node took the claim ahead of room and none freed in time
     * ({@link ClaimRequest#mayWaitOnNode}); Execute raises {@code NODE_BUSY} for nothing else.
     */
    private static boolean tookAheadWithoutRoom(TemporalFailure f) {
        return FailureCauses.raisedApplicationFailure(f)
                .map(a -> ErrorCode.NODE_BUSY.name().equals(a.getType()))
                .orElse(false);
    }

    /** The step an Execute that prepared itself failed in, told by the failure's type. */
    private static Step preparedStep(TemporalFailure f, Step step) {
        String type =
                FailureCauses.raisedApplicationFailure(f)
                        .map(ApplicationFailure::getType)
                        .orElse("");
        if (ErrorCode.NETWORK_REFUSED.name().equals(type)) {
            return Step.NETWORK;
        }
        return ErrorCode.STAGING_FAILED.name().equals(type) ? Step.STAGING : step;
    }

    private Attempt executionTimedOut(String id) {
        return new Attempt(
                Kind.FAILED,
                id,
                "Execution timed out after " + Summaries.duration(options.executionTimeout(task)));
    }

    private String placementFailure(TemporalFailure f, String id, Duration wait, Target target) {
        Optional<TimeoutFailure> timeout = FailureCauses.timeout(f);
        Optional<String> refusal =
                FailureCauses.raisedApplicationFailure(f).map(FailureCauses::text);
        if (timeout.isPresent()
                && target.targeted()
                && timeout.get().getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
            return "node "
                    + target.nodeId()
                    + " did not answer the claim of execution "
                    + id
                    + " within "
                    + Summaries.duration(options.settings().nodeScheduleToStart())
                    + "; the node is probably lost";
        }
        // The server also gives up early, with the last refusal, when the next retry would start
        // after the deadline.
        boolean outOfTime =
                timeout.isPresent()
                        || (f instanceof ActivityFailure af
                                && af.getRetryState() == RetryState.RETRY_STATE_TIMEOUT);
        if (outOfTime) {
            String last =
                    refusal.orElse(
                            target.targeted()
                                    ? "node " + target.nodeId() + " did not answer"
                                    : "no node answered on " + target.queue());
            return "no node could take execution "
                    + id
                    + " within the queue timeout "
                    + Summaries.duration(wait)
                    + ": "
                    + last;
        }
        return "placement of execution " + id + " failed: " + refusal.orElse(FailureCauses.text(f));
    }

    private Attempt cancelled(String id) {
        String reason = cancelReason.get();
        progress.cancelled(id, reason);
        return new Attempt(Kind.CANCELLED, id, reason);
    }

    private static boolean isCancelled(TemporalFailure f) {
        return FailureCauses.isCancellation(f) || CancellationScope.current().isCancelRequested();
    }

    /** Asks the node to free the reservation without waiting for its answer. */
    private void releaseInBackground(String id, NodeClaim claim) {
        Workflow.newDetachedCancellationScope(() -> Async.procedure(() -> release(id, claim)))
                .run();
    }

    /**
     * Frees the node's reservation even when the job is being cancelled; a dead node's ledger died
     * with it.
     */
    private void release(String id, NodeClaim claim) {
        Workflow.newDetachedCancellationScope(
                        () -> {
                            try {
                                node(options.release(claim, "release " + id)).release(claim);
                            } catch (TemporalFailure f) {
                                progress.event(
                                        JobProgress.TOPIC_EXECUTION,
                                        "Execution "
                                                + id
                                                + ": the reservation on node "
                                                + claim.nodeId()
                                                + " was not released ("
                                                + FailureCauses.text(f)
                                                + "); a lost node's reservations were lost with it",
                                        id);
                                log.info(
                                        "release of {} on node {} failed: {}",
                                        id,
                                        claim.nodeId(),
                                        FailureCauses.text(f));
                            }
                        })
                .run();
    }

    private static NodeActivities node(ActivityOptions options) {
        return Workflow.newActivityStub(NodeActivities.class, options);
    }
}
