package io.caravel.activities.providers.ipfs;

import io.caravel.activities.files.StorageNames;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.ipfs.IpfsParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code ipfs} publisher: adds the results directory to the node's Kubo (pinned, CID version 1)
 * and answers Bacalhau's published spec {@code {Type: ipfs, Params: {CID: <root CID>}}}. The root
 * is the results directory itself, so the CID lists {@code stdout}, {@code stderr}, {@code
 * exitCode} and the result paths.
 */
public final class IpfsPublisher implements Publisher {
    private final KuboClient kubo;

    public IpfsPublisher(KuboClient kubo) {
        this.kubo = Objects.requireNonNull(kubo, "kubo");
    }

    @Override
    public String type() {
        return SpecTypes.PUBLISHER_IPFS;
    }

    /**
     * @throws io.caravel.api.errors.CaravelException {@code REMOTE_UNAVAILABLE} (retryable) when
     *     Kubo cannot be reached or fails, with its message; {@code UNSAFE_NAME} naming every
     *     result file whose name cannot be published as it is ({@link StorageNames}), before
     *     anything is added
     */
    @Override
    public SpecConfig publish(ExecutionContext execution) throws InterruptedException {
        try {
            // Kubo takes the names as they are; one it would keep but a reader could not is refused
            // first.
            StorageNames.list(execution.resultsDir());
            String cid = kubo.add(execution.resultsDir());
            execution.progress().report("ipfs: published " + cid);
            return SpecConfig.of(SpecTypes.PUBLISHER_IPFS, Map.of(IpfsParams.CID, cid));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot publish the results of execution "
                            + execution.executionId()
                            + " to IPFS at "
                            + kubo.api(),
                    e);
        }
    }
}
