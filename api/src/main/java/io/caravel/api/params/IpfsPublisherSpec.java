package io.caravel.api.params;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.util.Map;

/**
 * The {@code ipfs} publisher, which adds the results to IPFS and publishes their CID. It has no
 * params; the IPFS endpoint comes from the node's configuration.
 */
public record IpfsPublisherSpec() {
    private static final String KIND = "ipfs publisher";

    /**
     * Checks that {@code config} is of type {@value SpecTypes#PUBLISHER_IPFS}, adding a problem to
     * {@code problems} (which points at the SpecConfig) when it is missing or of another type. Params
     * are ignored, as Bacalhau ignores unknown keys. Never returns null, never throws.
     */
    public static IpfsPublisherSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, SpecTypes.PUBLISHER_IPFS, KIND, problems);
        return new IpfsPublisherSpec();
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException on a wrong type. */
    public static IpfsPublisherSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /** No params: an empty map. */
    public Map<String, Object> toParams() {
        return Map.of();
    }
}
