package io.caravel.workflows.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.caravel.api.model.NetworkType;
import io.caravel.api.quantity.Resources;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a worker node declares about itself in its heartbeats: its queue, total and free capacity,
 * labels, the types it can run, and the network modes its policy accepts.
 *
 * @param resultsUrl the base URL of the node's results server (logs and local results), without a
 *     trailing {@code /}; empty when the node serves none (and in payloads from before the field
 *     existed)
 * @param lastSeenMillis workflow time of the last heartbeat, set by the registry
 * @param unavailableEngines the engines that cannot take work now, by type, with why (e.g. {@code
 *     docker daemon at unix:///var/run/docker.sock is not answering: ...}): the node refuses their
 *     claims until they are back; empty when all can (and in payloads from before the field
 *     existed)
 */
public record NodeInfo(
        @JsonProperty("NodeID") String nodeId,
        String nodeQueue,
        Resources capacity,
        Resources available,
        Map<String, String> labels,
        Set<String> engines,
        Set<String> sources,
        Set<String> publishers,
        Set<NetworkType> networkTypes,
        List<String> gpuModels,
        String resultsUrl,
        long lastSeenMillis,
        Map<String, String> unavailableEngines) {

    public NodeInfo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        engines = engines == null ? Set.of() : Set.copyOf(engines);
        sources = sources == null ? Set.of() : Set.copyOf(sources);
        publishers = publishers == null ? Set.of() : Set.copyOf(publishers);
        networkTypes = networkTypes == null ? Set.of() : Set.copyOf(networkTypes);
        gpuModels = gpuModels == null ? List.of() : List.copyOf(gpuModels);
        resultsUrl = resultsUrl == null ? "" : resultsUrl;
        unavailableEngines = unavailableEngines == null ? Map.of() : Map.copyOf(unavailableEngines);
    }

    /** A node whose engines can all take work. */
    public NodeInfo(
            String nodeId,
            String nodeQueue,
            Resources capacity,
            Resources available,
            Map<String, String> labels,
            Set<String> engines,
            Set<String> sources,
            Set<String> publishers,
            Set<NetworkType> networkTypes,
            List<String> gpuModels,
            String resultsUrl,
            long lastSeenMillis) {
        this(
                nodeId,
                nodeQueue,
                capacity,
                available,
                labels,
                engines,
                sources,
                publishers,
                networkTypes,
                gpuModels,
                resultsUrl,
                lastSeenMillis,
                Map.of());
    }

    public NodeInfo seenAt(long millis) {
        return new NodeInfo(
                nodeId,
                nodeQueue,
                capacity,
                available,
                labels,
                engines,
                sources,
                publishers,
                networkTypes,
                gpuModels,
                resultsUrl,
                millis,
                unavailableEngines);
    }
}
