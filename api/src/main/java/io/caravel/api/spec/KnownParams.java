package io.caravel.api.spec;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.DockerEngineSpec;
import io.caravel.api.params.InlineSourceSpec;
import io.caravel.api.params.IpfsSourceSpec;
import io.caravel.api.params.LocalSourceSpec;
import io.caravel.api.params.S3PublisherSpec;
import io.caravel.api.params.S3SourceSpec;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.params.UrlDownloadSourceSpec;
import io.caravel.api.params.WasmEngineSpec;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The typed params views by kind and type string (lower-cased, as registries look them up). It
 * checks params and rewrites them in canonical PascalCase; types without a view (plugins, and the
 * ones without params) pass unchanged.
 */
final class KnownParams {
    private static final Map<String, View<?>> ENGINES =
            Map.of(
                    key(SpecTypes.ENGINE_DOCKER),
                            new View<>(DockerEngineSpec::from, DockerEngineSpec::toParams),
                    key(SpecTypes.ENGINE_WASM),
                            new View<>(WasmEngineSpec::from, WasmEngineSpec::toParams));
    private static final Map<String, View<?>> SOURCES =
            Map.of(
                    key(SpecTypes.SOURCE_S3),
                            new View<>(S3SourceSpec::from, S3SourceSpec::toParams),
                    key(SpecTypes.SOURCE_IPFS),
                            new View<>(IpfsSourceSpec::from, IpfsSourceSpec::toParams),
                    key(SpecTypes.SOURCE_URL_DOWNLOAD),
                            new View<>(
                                    UrlDownloadSourceSpec::from, UrlDownloadSourceSpec::toParams),
                    key(SpecTypes.SOURCE_INLINE),
                            new View<>(InlineSourceSpec::from, InlineSourceSpec::toParams),
                    key(SpecTypes.SOURCE_LOCAL),
                            new View<>(LocalSourceSpec::from, LocalSourceSpec::toParams),
                    key(SpecTypes.SOURCE_LOCAL_DIRECTORY),
                            new View<>(LocalSourceSpec::from, LocalSourceSpec::toParams));
    private static final Map<String, View<?>> PUBLISHERS =
            Map.of(
                    key(SpecTypes.PUBLISHER_S3),
                    new View<>(S3PublisherSpec::from, S3PublisherSpec::toParams));

    /** Which table a SpecConfig is looked up in. */
    enum Kind {
        ENGINE(ENGINES),
        SOURCE(SOURCES),
        PUBLISHER(PUBLISHERS);

        private final Map<String, View<?>> views;

        Kind(Map<String, View<?>> views) {
            this.views = views;
        }
    }

    private KnownParams() {}

    /** Adds the problems of {@code c}'s params to {@code at} (which points at the SpecConfig). */
    static void check(Kind kind, SpecConfig c, Problems at) {
        View<?> view = kind.views.get(c.typeKey());
        if (view != null) {
            // Reading the params records their problems in at; the view itself is not needed here.
            var unused = view.from.apply(c, at);
        }
    }

    /** {@code c} with canonical params when its params are valid; otherwise {@code c} unchanged. */
    static SpecConfig canonical(Kind kind, SpecConfig c) {
        View<?> view = kind.views.get(c.typeKey());
        return view == null ? c : view.canonical(c);
    }

    private static String key(String type) {
        return type.toLowerCase(Locale.ROOT);
    }

    private record View<T>(
            BiFunction<SpecConfig, Problems, T> from, Function<T, Map<String, Object>> toParams) {
        SpecConfig canonical(SpecConfig c) {
            Problems problems = new Problems();
            T value = from.apply(c, problems);
            return problems.isEmpty() ? c.withParams(toParams.apply(value)) : c;
        }
    }
}
