package io.caravel.api.params;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.util.Map;

/**
 * The {@code local} publisher, which keeps the results as a tarball on the node and serves them over
 * HTTP. It has no params; directory, address and port come from the node's configuration.
 */
public record LocalPublisherSpec() {
    private static final String KIND = "local publisher";

    /**
     * Checks that {@code config} is of type {@value SpecTypes#PUBLISHER_LOCAL}, adding a problem to
     * {@code problems} (which points at the SpecConfig) when it is missing or of another type. Params
     * are ignored, as Bacalhau ignores unknown keys. Never returns null, never throws.
     */
    public static LocalPublisherSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, SpecTypes.PUBLISHER_LOCAL, KIND, problems);
        return new LocalPublisherSpec();
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException on a wrong type. */
    public static LocalPublisherSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /** No params: an empty map. */
    public Map<String, Object> toParams() {
        return Map.of();
    }
}
