package io.caravel.activities.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The node-wide state the provider families' modules read beside their own settings records: who
 * the node is, where it stores, what one task may write, what it fetches and where its own results
 * are served. The worker binds it from its configuration and detected capacity, so the modules live
 * next to their provider classes and never read the worker's configuration.
 *
 * @param nodeId this node's id
 * @param storageDir where executions keep their files (absolute, normalized)
 * @param defaultTaskDiskBytes the most bytes a task that sets no {@code Resources.Disk} may write
 *     ({@code defaultTaskDisk}, else half the node's disk capacity)
 * @param inputMaxBytes the largest {@code urlDownload} file or {@code ipfs} CID staged
 * @param fetchAllowedNetworks non-public destinations the node may fetch from on a job's behalf
 *     (checked by the worker's configuration): CIDR networks, addresses, {@code host:port}
 * @param egressRefuseNonPublic whether the HTTP network mode's egress proxy refuses declared names
 *     that resolve to non-public addresses
 * @param ownResultsUrl this node's results server as jobs reach it (its bound URL once it serves,
 *     else as configured); empty when the node serves none that is known
 */
public record NodeContext(
        String nodeId,
        Path storageDir,
        long defaultTaskDiskBytes,
        long inputMaxBytes,
        List<String> fetchAllowedNetworks,
        boolean egressRefuseNonPublic,
        Optional<String> ownResultsUrl) {
    public NodeContext {
        Objects.requireNonNull(nodeId, "nodeId");
        storageDir = Objects.requireNonNull(storageDir, "storageDir").toAbsolutePath().normalize();
        if (defaultTaskDiskBytes <= 0) {
            throw new IllegalArgumentException(
                    "the default task disk must be more than 0 bytes, got " + defaultTaskDiskBytes);
        }
        fetchAllowedNetworks = List.copyOf(fetchAllowedNetworks);
        Objects.requireNonNull(ownResultsUrl, "ownResultsUrl");
    }
}
