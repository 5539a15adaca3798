package io.caravel.workflows.internal;

import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.NodeRefusal;
import io.caravel.workflows.activities.PlacementActivities;
import io.caravel.workflows.activities.RegistryActivities;
import io.caravel.workflows.model.NodeInfo;
import io.caravel.workflows.placement.NodeEligibility;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Claims a node for an execution on a placement queue and hears why nodes refuse. Each claim lists
 * the refusals the job already knows; a node with a refusal not listed reports it ({@link
 * ErrorCode#NODE_REFUSED}), the claim returns here, the refusal is recorded (the job's message
 * while Queued names the latest reason of each node) and the claim is made again, for what is left
 * of the queue wait. Listed refusals are retried by the server, costing no history.
 *
 * <p>When the task has no queue timeout and every connected node that could run it (by what it
 * declares) has refused for a lasting reason, no node will ever take it: every claim of the job
 * gives up, with those reasons. With a queue timeout the job waits, as in Bacalhau, for a node to
 * join. One per job, shared by its executions.
 */
final class Claimer {
    private static final Logger log = Workflow.getLogger(Claimer.class);

    /**
     * Version 1: claims let a node busy with short executions take them ahead of room ({@link
     * ClaimRequest#mayWaitOnNode}); the execution's runner places the partition again when such an
     * execution found no room in time. Histories without the marker claim only room free now.
     */
    static final String WAIT_ON_NODE_CHANGE = "claims-may-wait-on-node";

    /** A claim, or why there is none. */
    record Result(NodeClaim claim, String refusal) {
        static Result claimed(NodeClaim claim) {
            return new Result(claim, "");
        }

        static Result refused(String why) {
            return new Result(null, why);
        }
    }

    private final Job job;
    private final Resources need;
    private final StepOptions options;
    private final JobProgress progress;
    private final PlacementRefusals refusals = new PlacementRefusals();

    /** Why no connected node can ever run the task; null while one may. */
    private String hopeless;

    /** The job as the claims carry it ({@link ClaimJob}); null until the first claim. */
    private Job claimed;

    Claimer(Job job, StepOptions options, JobProgress progress) {
        this.job = job;
        this.need = Resources.parse(job.task().orElseThrow().resources());
        this.options = options;
        this.progress = progress;
    }

    /**
     * Claims a node on {@code queue} within {@code wait}.
     *
     * @throws TemporalFailure as the claim activity failed (timed out, cancelled) other than by a
     *     reported refusal
     */
    Result claim(String executionId, int partition, String queue, Duration wait, String summary) {
        long deadline = Workflow.currentTimeMillis() + wait.toMillis();
        while (true) {
            if (hopeless != null) {
                return Result.refused(hopeless);
            }
            long left = deadline - Workflow.currentTimeMillis();
            if (left <= 0) {
                return Result.refused(
                        "no node could take execution "
                                + executionId
                                + " within the queue timeout "
                                + Summaries.duration(wait)
                                + ": "
                                + (refusals.isEmpty()
                                        ? "no node answered on " + queue
                                        : refusals.describe()));
            }
            PlacementActivities placement =
                    Workflow.newActivityStub(
                            PlacementActivities.class,
                            options.claim(queue, false, Duration.ofMillis(left), summary));
            if (claimed == null) {
                claimed = ClaimJob.of(job);
            }
            ClaimRequest request =
                    new ClaimRequest(
                            claimed,
                            executionId,
                            partition,
                            "",
                            refusals.known(),
                            Workflow.getVersion(WAIT_ON_NODE_CHANGE, Workflow.DEFAULT_VERSION, 1)
                                    >= 1);
            List<Promise<NodeClaim>> pending = new ArrayList<>(1);
            CancellationScope scope =
                    Workflow.newCancellationScope(
                            () -> pending.add(Async.function(placement::claim, request)));
            scope.run();
            Promise<NodeClaim> answer = pending.get(0);
            Workflow.await(() -> answer.isCompleted() || hopeless != null);
            if (!answer.isCompleted()) {
                scope.cancel(hopeless);
                return Result.refused(hopeless);
            }
            try {
                NodeClaim claim = answer.get();
                refusals.claimed(claim.nodeId());
                return Result.claimed(claim);
            } catch (ActivityFailure f) {
                NodeRefusal refusal = reported(f).orElseThrow(() -> f);
                heard(executionId, refusal);
            }
        }
    }

    private void heard(String executionId, NodeRefusal refusal) {
        refusals.record(refusal);
        progress.refused(executionId, refusal, "waiting for a node: " + refusals.describe());
        if (refusal.lasting() && job.task().orElseThrow().timeouts().queueTimeout() == 0) {
            checkEveryNodeRefused();
        }
    }

    /**
     * Gives up on the job when every connected node that could run the task refused it for good.
     */
    private void checkEveryNodeRefused() {
        List<NodeInfo> nodes;
        try {
            nodes =
                    Workflow.newLocalActivityStub(
                                    RegistryActivities.class, options.listNodesLocally())
                            .listNodes();
        } catch (TemporalFailure f) {
            if (FailureCauses.isCancellation(f)) {
                throw f;
            }
            log.info(
                    "job {}: could not list the nodes to see whether all refused: {}",
                    job.id(),
                    FailureCauses.text(f));
            return;
        }
        if (nodes == null) {
            return;
        }
        List<String> eligible = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (NodeInfo node : nodes) {
            List<String> reasons = NodeEligibility.reasons(job, need, node);
            if (reasons.isEmpty()) {
                eligible.add(node.nodeId());
            } else {
                others.add(node.nodeId() + ": " + String.join(", ", reasons));
            }
        }
        if (!refusals.allLasting(eligible)) {
            return;
        }
        others.sort(null);
        hopeless =
                "no connected node can run the task: "
                        + refusals.describe(eligible)
                        + (others.isEmpty() ? "" : "; " + String.join("; ", others));
        log.info("job {} cannot run on any connected node: {}", job.id(), hopeless);
    }

    /** The refusal a node reported, when that is how the claim failed. */
    private static Optional<NodeRefusal> reported(ActivityFailure f) {
        if (!(f.getCause() instanceof ApplicationFailure app)
                || !ErrorCode.NODE_REFUSED.name().equals(app.getType())) {
            return Optional.empty();
        }
        try {
            NodeRefusal refusal = app.getDetails().get(NodeRefusal.class);
            return refusal == null || refusal.nodeId().isEmpty()
                    ? Optional.empty()
                    : Optional.of(refusal);
        } catch (RuntimeException e) {
            // Details this workflow cannot read: the failure is handled as any other claim failure.
            return Optional.empty();
        }
    }
}
