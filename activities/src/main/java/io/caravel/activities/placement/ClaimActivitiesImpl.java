package io.caravel.activities.placement;

import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.node.Failures;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.Job;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.PlacementActivities;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes or refuses an execution on this node. Checks, in order: the target node of an ops job,
 * the node's policy (engines, sources, publishers, network, constraints, local paths), whether the
 * task's resources could ever fit, whether they are free now; then reserves them in the ledger
 * under the execution ID. A retried claim for the same execution returns the same reservation.
 */
public final class ClaimActivitiesImpl implements PlacementActivities {
    private static final Logger log = LoggerFactory.getLogger(ClaimActivitiesImpl.class);

    private final NodePolicy policy;
    private final NodeLedger ledger;
    private final String nodeQueue;

    public ClaimActivitiesImpl(NodePolicy policy, NodeLedger ledger, String nodeQueue) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.nodeQueue = Objects.requireNonNull(nodeQueue, "nodeQueue");
    }

    @Override
    public NodeClaim claim(ClaimRequest request) {
        try {
            return decide(request);
        } catch (CaravelException e) {
            throw Failures.of(e);
        }
    }

    private NodeClaim decide(ClaimRequest request) {
        String executionId = ExecutionDirs.checkId(request.executionId());
        Optional<NodeLedger.Reservation> existing = ledger.reservation(executionId);
        if (existing.isPresent()) {
            return claimOf(existing.get());
        }
        String nodeId = policy.nodeId();
        String target = request.targetNodeId() == null ? "" : request.targetNodeId();
        if (!target.isEmpty() && !target.equals(nodeId)) {
            throw Failures.nodeUnsuitable("node " + nodeId + " is not the target node " + target
                    + " of execution " + executionId);
        }
        Job job = request.job();
        String unsuitable = policy.unsuitability(job);
        if (!unsuitable.isEmpty()) {
            throw Failures.nodeUnsuitable("node " + nodeId + " cannot run execution " + executionId + ": "
                    + unsuitable);
        }
        Resources need = Resources.parse(job.task().orElseThrow().resources());
        String never = NodeLedger.shortfall(need, ledger.capacity());
        if (!never.isEmpty()) {
            throw Failures.nodeUnsuitable("node " + nodeId + " is too small for execution " + executionId
                    + " even when idle: needs " + never.replace(" free)", " in total)"));
        }
        Optional<NodeLedger.Reservation> reserved = ledger.tryReserve(executionId, need);
        if (reserved.isEmpty()) {
            String shortNow = ledger.shortfallNow(need);
            throw Failures.nodeBusy("node " + nodeId + " is busy: execution " + executionId + " needs "
                    + (shortNow.isEmpty() ? "resources another execution just took" : shortNow));
        }
        log.info("node {} claimed execution {} of job {} ({} CPU millis, {} bytes memory, GPUs {})", nodeId,
                executionId, job.id(), need.cpuMillis(), need.memoryBytes(), reserved.get().gpuIndices());
        return claimOf(reserved.get());
    }

    private NodeClaim claimOf(NodeLedger.Reservation r) {
        return new NodeClaim(policy.nodeId(), nodeQueue, r.id(), r.gpuIndices());
    }
}
