package io.caravel.activities.providers.ipfs;

import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.nio.file.Path;

/**
 * The {@code ipfs} source and publisher of a node whose {@code ipfsApi} is empty: each use fails,
 * not retryable on this node, saying how to turn ipfs on (Bacalhau registers neither without an
 * IPFS endpoint).
 */
public final class IpfsOff implements InputSourceProvider, Publisher {
    private final String nodeId;

    public IpfsOff(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public String type() {
        return SpecTypes.SOURCE_IPFS;
    }

    @Override
    public StagedInput stage(InputSource source, Path scratchDir, ExecutionContext execution) {
        throw off();
    }

    @Override
    public SpecConfig publish(ExecutionContext execution) {
        throw off();
    }

    private CaravelException off() {
        return new CaravelException(
                ErrorCode.UNSUPPORTED_TYPE,
                "ipfs is off on node " + nodeId + ": its ipfsApi is empty",
                "set the worker's ipfsApi to a Kubo RPC API such as http://127.0.0.1:5001");
    }
}
