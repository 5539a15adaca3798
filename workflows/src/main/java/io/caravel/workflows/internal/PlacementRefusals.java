package io.caravel.workflows.internal;

import io.caravel.workflows.activities.NodeRefusal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Why the nodes refuse a job's claims: the latest refusal of each node, in node ID order, and how
 * many refusals were reported. Each report cost the workflow a few history events, so after {@link
 * #REPORT_LIMIT} reports the claims stop asking for them ({@link #known} becomes null) and refusals
 * are retried by the server alone. Not thread-safe; workflow threads never run at once.
 */
final class PlacementRefusals {
    /**
     * The most refusals one job hears about; with N nodes a job hears at most about 2N per claim.
     */
    static final int REPORT_LIMIT = 100;

    private final Map<String, NodeRefusal> latest = new TreeMap<>();
    private int reports;

    /**
     * What to send as {@code ClaimRequest.KnownRefusals}: null once {@link #REPORT_LIMIT} reports
     * were heard.
     */
    List<NodeRefusal> known() {
        return reports >= REPORT_LIMIT ? null : List.copyOf(latest.values());
    }

    void record(NodeRefusal refusal) {
        reports++;
        latest.put(refusal.nodeId(), refusal);
    }

    /** The node took a claim: whatever it refused before is no longer why the job waits. */
    void claimed(String nodeId) {
        latest.remove(nodeId);
    }

    boolean isEmpty() {
        return latest.isEmpty();
    }

    /** Whether every one of {@code nodeIds} (at least one) has refused for a lasting reason. */
    boolean allLasting(Collection<String> nodeIds) {
        return !nodeIds.isEmpty()
                && nodeIds.stream()
                        .allMatch(
                                id -> {
                                    NodeRefusal r = latest.get(id);
                                    return r != null && r.lasting();
                                });
    }

    /** {@code node-a: <reason>; node-b: <reason>} for every node that refused. */
    String describe() {
        return describe(latest.keySet());
    }

    /** As {@link #describe()}, for those of {@code nodeIds} that refused. */
    String describe(Collection<String> nodeIds) {
        List<String> parts = new ArrayList<>();
        for (String id : new TreeSet<>(nodeIds)) {
            NodeRefusal r = latest.get(id);
            if (r != null) {
                parts.add(id + ": " + r.reason());
            }
        }
        return String.join("; ", parts);
    }
}
