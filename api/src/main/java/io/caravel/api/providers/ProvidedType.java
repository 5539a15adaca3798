package io.caravel.api.providers;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One type string a provider family serves in one role, with the view of its params where it has
 * params Caravel checks (a type without one passes its params unchanged).
 */
public record ProvidedType(ProviderKind kind, String type, Optional<ParamsView<?>> params) {
    public ProvidedType {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(params, "params");
    }

    /** A type with a params view. */
    public static ProvidedType of(ProviderKind kind, String type, ParamsView<?> params) {
        return new ProvidedType(kind, type, Optional.of(params));
    }

    /** A type whose params {@code from} reads and checks and {@code toParams} writes back. */
    public static <T> ProvidedType of(
            ProviderKind kind,
            String type,
            BiFunction<SpecConfig, Problems, T> from,
            Function<T, Map<String, Object>> toParams) {
        return of(kind, type, new ParamsView<>(from, toParams));
    }

    /** A type whose params are not checked. */
    public static ProvidedType of(ProviderKind kind, String type) {
        return new ProvidedType(kind, type, Optional.empty());
    }
}
