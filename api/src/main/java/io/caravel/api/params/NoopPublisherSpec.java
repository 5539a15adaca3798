package io.caravel.api.params;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.util.Map;

/**
 * The {@code noop} publisher, which publishes nothing (its result is an empty SpecConfig). It has no
 * params.
 */
public record NoopPublisherSpec() {
    private static final String KIND = "noop publisher";

    /**
     * Checks that {@code config} is of type {@value SpecTypes#PUBLISHER_NOOP}, adding a problem to
     * {@code problems} (which points at the SpecConfig) when it is missing or of another type. Params
     * are ignored, as Bacalhau ignores unknown keys. Never returns null, never throws.
     */
    public static NoopPublisherSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, SpecTypes.PUBLISHER_NOOP, KIND, problems);
        return new NoopPublisherSpec();
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException on a wrong type. */
    public static NoopPublisherSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /** No params: an empty map. */
    public Map<String, Object> toParams() {
        return Map.of();
    }
}
