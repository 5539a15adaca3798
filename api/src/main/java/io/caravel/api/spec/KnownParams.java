package io.caravel.api.spec;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.ProviderKind;
import io.caravel.api.providers.SpecProviders;

/**
 * The typed params views by kind and type string (lower-cased, as registries look them up), as the
 * provider families declare them in {@link SpecProviders}. It checks params and rewrites them in
 * canonical PascalCase; types without a view (plugins, and the ones without params) pass unchanged.
 */
final class KnownParams {
    /** Which role a SpecConfig is looked up in. */
    enum Kind {
        ENGINE(ProviderKind.ENGINE),
        SOURCE(ProviderKind.SOURCE),
        PUBLISHER(ProviderKind.PUBLISHER);

        private final ProviderKind role;

        Kind(ProviderKind role) {
            this.role = role;
        }
    }

    private KnownParams() {}

    /** Adds the problems of {@code c}'s params to {@code at} (which points at the SpecConfig). */
    static void check(Kind kind, SpecConfig c, Problems at) {
        SpecProviders.params(kind.role, c.typeKey()).ifPresent(view -> view.check(c, at));
    }

    /** {@code c} with canonical params when its params are valid; otherwise {@code c} unchanged. */
    static SpecConfig canonical(Kind kind, SpecConfig c) {
        return SpecProviders.params(kind.role, c.typeKey())
                .<SpecConfig>map(view -> view.canonical(c))
                .orElse(c);
    }
}
