package io.caravel.api.providers.noop;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsSupport;
import java.util.Map;

/**
 * The {@code noop} engine, which succeeds at once with exit code 0 and no output. It has no params.
 * Bacalhau registers it only on test nodes; Caravel keeps it available for tests and its embedded
 * default configuration.
 */
public record NoopEngineSpec() {
    private static final String KIND = "noop engine";

    /**
     * Checks that {@code config} is of type {@value SpecTypes#ENGINE_NOOP}, adding a problem to
     * {@code problems} (which points at the SpecConfig) when it is missing or of another type.
     * Params are ignored, as Bacalhau ignores unknown keys. Never returns null, never throws.
     */
    public static NoopEngineSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, NoopParams.TYPE, KIND, problems);
        return new NoopEngineSpec();
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException on a wrong type. */
    public static NoopEngineSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /** No params: an empty map. */
    public Map<String, Object> toParams() {
        return Map.of();
    }
}
