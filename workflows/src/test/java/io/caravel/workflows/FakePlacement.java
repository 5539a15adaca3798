package io.caravel.workflows;

import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.ErrorTypes;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.PlacementActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The claim activity of every node at once, so tests decide who takes what: untargeted claims
 * go to the nodes in {@link #plan} order, then to {@link #fallback}; {@link #BUSY} refuses the
 * claim as a node without free resources would. Targeted claims (ops) go to their target.
 */
final class FakePlacement implements PlacementActivities {
    static final String BUSY = "<busy>";
    static final String REFUSAL = "not enough free resources: 1 CPU (0 free)";

    final List<ClaimRequest> claims = new CopyOnWriteArrayList<>();
    final Queue<String> plan = new ConcurrentLinkedQueue<>();
    volatile String fallback = "n1";
    volatile long delayMillis;

    @Override
    public NodeClaim claim(ClaimRequest request) {
        claims.add(request);
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String node = request.targetNodeId().isEmpty()
                ? (plan.isEmpty() ? fallback : plan.poll())
                : request.targetNodeId();
        if (BUSY.equals(node)) {
            throw ApplicationFailure.newFailure(REFUSAL, ErrorTypes.NODE_BUSY);
        }
        return new NodeClaim(node, TaskQueues.node(node), request.executionId(), List.of());
    }
}
