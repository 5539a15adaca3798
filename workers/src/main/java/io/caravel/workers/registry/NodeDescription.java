package io.caravel.workers.registry;

import io.caravel.activities.placement.EngineAvailability;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.api.model.NetworkType;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.NodeInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What this node declares about itself, read afresh for each heartbeat: the fixed facts (id,
 * labels, types it runs, network modes, GPU models, results server URL) and the ledger's capacity
 * and what is free now, and the engines that cannot take work now (a docker engine whose daemon
 * does not answer), with why.
 */
public final class NodeDescription implements Supplier<NodeInfo> {
    private final String nodeId;
    private final NodeLedger ledger;
    private final Map<String, String> labels;
    private final Set<String> engines;
    private final Set<String> sources;
    private final Set<String> publishers;
    private final Set<NetworkType> networkTypes;
    private final List<String> gpuModels;
    private final String resultsUrl;
    private final EngineAvailability availability;

    /**
     * @param engines the engine types this node runs, as providers spell them
     * @param sources the input source types it can stage
     * @param publishers the publisher types it can publish with
     * @param resultsUrl the advertised URL of this node's results server; empty when it serves none
     */
    public NodeDescription(
            String nodeId,
            NodeLedger ledger,
            Map<String, String> labels,
            Set<String> engines,
            Set<String> sources,
            Set<String> publishers,
            Set<NetworkType> networkTypes,
            List<String> gpuModels,
            String resultsUrl) {
        this(
                nodeId,
                ledger,
                labels,
                engines,
                sources,
                publishers,
                networkTypes,
                gpuModels,
                resultsUrl,
                EngineAvailability.ALWAYS);
    }

    /** As above, with what the engines the node runs say about taking work now. */
    public NodeDescription(
            String nodeId,
            NodeLedger ledger,
            Map<String, String> labels,
            Set<String> engines,
            Set<String> sources,
            Set<String> publishers,
            Set<NetworkType> networkTypes,
            List<String> gpuModels,
            String resultsUrl,
            EngineAvailability availability) {
        this.availability = Objects.requireNonNull(availability, "availability");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.labels = Map.copyOf(labels);
        this.engines = Set.copyOf(engines);
        this.sources = Set.copyOf(sources);
        this.publishers = Set.copyOf(publishers);
        this.networkTypes = Set.copyOf(networkTypes);
        this.gpuModels = List.copyOf(gpuModels);
        this.resultsUrl = Objects.requireNonNull(resultsUrl, "resultsUrl");
    }

    public String nodeId() {
        return nodeId;
    }

    /** What the engines this node runs say about taking work now. */
    public EngineAvailability availability() {
        return availability;
    }

    /** This node now; {@code lastSeenMillis} is 0 (the registry sets it). */
    @Override
    public NodeInfo get() {
        return new NodeInfo(
                nodeId,
                TaskQueues.node(nodeId),
                ledger.capacity(),
                ledger.available(),
                labels,
                engines,
                sources,
                publishers,
                networkTypes,
                gpuModels,
                resultsUrl,
                0,
                availability.problems());
    }
}
