package io.caravel.workflows;

import io.caravel.api.errors.ErrorCode;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.NodeRefusal;
import io.caravel.workflows.activities.PlacementActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The claim activity of every node at once, so tests decide who takes what: untargeted claims go to
 * the nodes in {@link #plan} order, then to {@link #fallback}; {@link #BUSY} refuses the claim as a
 * node without free resources would. Targeted claims (ops) go to their target.
 */
final class FakePlacement implements PlacementActivities {
    static final String BUSY = "<busy>";
    static final String REFUSAL = "not enough free resources: 1 CPU (0 free)";

    final List<ClaimRequest> claims = new CopyOnWriteArrayList<>();
    final Queue<String> plan = new ConcurrentLinkedQueue<>();
    volatile String fallback = "n1";
    volatile long delayMillis;

    /** Nodes answering as older nodes do, without saying that their Execute prepares itself. */
    final Set<String> older = ConcurrentHashMap.newKeySet();

    /**
     * When not empty, untargeted claims after {@link #plan} go to these nodes in turn instead of
     * the fallback.
     */
    final List<String> rotation = new CopyOnWriteArrayList<>();

    /**
     * Nodes that refuse every claim they get, as a real node does: reported when the request asks
     * and does not know the refusal, else retryable busy/unsuitable.
     */
    final Map<String, NodeRefusal> refusing = new ConcurrentHashMap<>();

    private final AtomicInteger turn = new AtomicInteger();

    /** Claims taken and not yet released by their node: the partitions in flight. */
    private final AtomicInteger held = new AtomicInteger();

    /** The most partitions that were in flight at once. */
    final AtomicInteger mostHeld = new AtomicInteger();

    /** A node released a claim this placement gave out. */
    void released() {
        held.decrementAndGet();
    }

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
        String node =
                request.targetNodeId().isEmpty()
                        ? (plan.isEmpty() ? next() : plan.poll())
                        : request.targetNodeId();
        if (BUSY.equals(node)) {
            throw ApplicationFailure.newFailure(REFUSAL, ErrorCode.NODE_BUSY.name());
        }
        NodeRefusal refusal = refusing.get(node);
        if (refusal != null) {
            String message =
                    "node " + node + " refuses " + request.executionId() + ": " + refusal.reason();
            if (request.reports(node, refusal.lasting())) {
                throw ApplicationFailure.newNonRetryableFailure(
                        message, ErrorCode.NODE_REFUSED.name(), refusal);
            }
            throw ApplicationFailure.newFailure(
                    message,
                    refusal.lasting()
                            ? ErrorCode.NODE_UNSUITABLE.name()
                            : ErrorCode.NODE_BUSY.name());
        }
        mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
        return new NodeClaim(
                node,
                TaskQueues.node(node),
                request.executionId(),
                List.of(),
                !older.contains(node));
    }

    private String next() {
        List<String> nodes = List.copyOf(rotation);
        return nodes.isEmpty()
                ? fallback
                : nodes.get(Math.floorMod(turn.getAndIncrement(), nodes.size()));
    }
}
