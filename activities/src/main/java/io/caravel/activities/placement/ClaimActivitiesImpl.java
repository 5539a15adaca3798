package io.caravel.activities.placement;

import io.caravel.activities.node.ActivityFailures;
import io.caravel.activities.node.ExecutionDirs;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.NodeRefusal;
import io.caravel.workflows.activities.PlacementActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes or refuses an execution on this node. Checks, in order: the target node of an ops job, the
 * node's policy (engines, sources, publishers, network, constraints, local paths), whether the
 * task's resources could ever fit, whether the task's engine can take work now ({@link
 * EngineAvailability}: a docker engine whose daemon does not answer cannot; refused as busy, so
 * placement resumes when it answers), whether the resources are free now; then reserves them in the
 * ledger under the execution ID, waiting up to {@link #BUSY_WAIT} for running executions to free
 * what the task needs (see there), or, when the claim allows it and the node is turning over short
 * executions, taking it ahead of room ({@link NodeLedger.AheadQueue}). A retried claim for the same
 * execution returns the same reservation. A refusal the workflow asked to hear and does not know
 * yet is answered with {@link ErrorCode#NODE_REFUSED} (see {@link ClaimRequest#knownRefusals}).
 */
public final class ClaimActivitiesImpl implements PlacementActivities {
    private static final Logger log = LoggerFactory.getLogger(ClaimActivitiesImpl.class);

    private final NodePolicy policy;
    private final NodeLedger ledger;
    private final String nodeQueue;

    /**
     * How long a claim that finds the node full waits for a running execution to end before it is
     * refused as busy. A placement worker polls only while its node has room, but a poll already
     * under way when the node fills up still brings a claim; in a burst that happened to about half
     * of the jobs, and each then waited out the claim's retry backoff (1 s, 2 s, 4 s...) while the
     * node had room again after a few hundred milliseconds. Short, so that a claim that came to a
     * node full of long executions soon goes back to the queue for another node.
     */
    public static final Duration BUSY_WAIT = Duration.ofSeconds(3);

    private final EngineAvailability engines;
    private final Duration busyWait;

    /** A node whose engines are always available, refusing at once when it is full. */
    public ClaimActivitiesImpl(NodePolicy policy, NodeLedger ledger, String nodeQueue) {
        this(policy, ledger, nodeQueue, EngineAvailability.ALWAYS, Duration.ZERO);
    }

    /**
     * @param busyWait how long a claim waits for room when the node is full ({@link #BUSY_WAIT})
     */
    public ClaimActivitiesImpl(
            NodePolicy policy,
            NodeLedger ledger,
            String nodeQueue,
            EngineAvailability engines,
            Duration busyWait) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.nodeQueue = Objects.requireNonNull(nodeQueue, "nodeQueue");
        this.engines = Objects.requireNonNull(engines, "engines");
        this.busyWait = Objects.requireNonNull(busyWait, "busyWait");
    }

    @Override
    public NodeClaim claim(ClaimRequest request) {
        try {
            return decide(request);
        } catch (CaravelException e) {
            throw ActivityFailures.of(e);
        }
    }

    private NodeClaim decide(ClaimRequest request) {
        String executionId = ExecutionDirs.checkId(request.executionId());
        Optional<NodeLedger.Reservation> existing = ledger.held(executionId);
        if (existing.isPresent()) {
            return claimOf(existing.get());
        }
        String nodeId = policy.nodeId();
        String target = request.targetNodeId() == null ? "" : request.targetNodeId();
        if (!target.isEmpty() && !target.equals(nodeId)) {
            throw ActivityFailures.nodeUnsuitable(
                    "node "
                            + nodeId
                            + " is not the target node "
                            + target
                            + " of execution "
                            + executionId);
        }
        Job job = request.job();
        String unsuitable = policy.unsuitability(job);
        if (!unsuitable.isEmpty()) {
            throw refusal(
                    request,
                    true,
                    "node " + nodeId + " cannot run execution " + executionId + ": " + unsuitable,
                    unsuitable);
        }
        Resources need = Resources.parse(job.task().orElseThrow().resources());
        long heapBytes = ledger.heapBudget().need(job.task().orElseThrow().engine().type(), need);
        String never =
                NodeLedger.shortfall(need, ledger.capacity()).replace(" free)", " in total)");
        String heapNever = ledger.heapShortfallEver(heapBytes);
        never =
                never.isEmpty()
                        ? heapNever
                        : heapNever.isEmpty() ? never : never + ", " + heapNever;
        if (!never.isEmpty()) {
            throw refusal(
                    request,
                    true,
                    "node "
                            + nodeId
                            + " is too small for execution "
                            + executionId
                            + " even when idle: needs "
                            + never,
                    "too small even when idle: needs " + never);
        }
        Optional<String> unavailable = engines.problem(job.task().orElseThrow().engine().type());
        if (unavailable.isPresent()) {
            throw refusal(
                    request,
                    false,
                    "node "
                            + nodeId
                            + " cannot take execution "
                            + executionId
                            + " now: "
                            + unavailable.get(),
                    unavailable.get());
        }
        Optional<NodeLedger.Reservation> reserved =
                reserve(executionId, need, heapBytes, request.mayWaitOnNode());
        if (reserved.isEmpty()) {
            String shortNow = ledger.shortfallNow(need, heapBytes);
            String needs =
                    "needs "
                            + (shortNow.isEmpty()
                                    ? "resources another execution just took"
                                    : shortNow);
            throw refusal(
                    request,
                    false,
                    "node " + nodeId + " is busy: execution " + executionId + " " + needs,
                    "busy: " + needs);
        }
        log.info(
                "node {} claimed execution {} of job {}{} ({} CPU millis, {} bytes memory, {} bytes heap, GPUs {})",
                nodeId,
                executionId,
                job.id(),
                ledger.isWaiting(executionId) ? " ahead of room" : "",
                need.cpuMillis(),
                need.memoryBytes(),
                heapBytes,
                reserved.get().gpuIndices());
        return claimOf(reserved.get());
    }

    private Optional<NodeLedger.Reservation> reserve(
            String executionId, Resources need, long heapBytes, boolean mayWaitAhead) {
        try {
            return ledger.reserveWithin(executionId, need, heapBytes, busyWait, mayWaitAhead);
        } catch (InterruptedException e) {
            // The worker is stopping: refused as busy, the claim goes to another node.
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * A refusal: reported to the workflow when it asked and does not know it yet (with {@code
     * reason}, the message without this node's ID, in the details), else the usual retryable busy
     * or unsuitable failure.
     */
    private ApplicationFailure refusal(
            ClaimRequest request, boolean lasting, String message, String reason) {
        String nodeId = policy.nodeId();
        if (request.reports(nodeId, lasting)) {
            return ApplicationFailure.newNonRetryableFailure(
                    message,
                    ErrorCode.NODE_REFUSED.name(),
                    new NodeRefusal(nodeId, lasting, reason));
        }
        return lasting
                ? ActivityFailures.nodeUnsuitable(message)
                : ActivityFailures.nodeBusy(message);
    }

    private NodeClaim claimOf(NodeLedger.Reservation r) {
        return new NodeClaim(policy.nodeId(), nodeQueue, r.id(), r.gpuIndices(), true);
    }
}
