package io.caravel.api.providers;

import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.docker.DockerSpecProvider;
import io.caravel.api.providers.inline.InlineSpecProvider;
import io.caravel.api.providers.ipfs.IpfsSpecProvider;
import io.caravel.api.providers.local.LocalSpecProvider;
import io.caravel.api.providers.noop.NoopSpecProvider;
import io.caravel.api.providers.s3.S3SpecProvider;
import io.caravel.api.providers.url.UrlSpecProvider;
import io.caravel.api.providers.wasm.WasmSpecProvider;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every provider family's spec half, one line each; adding a family is one line here. The tables
 * built from it (type sets, params views, result inputs) are immutable and fail at class
 * initialisation when two families claim one key.
 */
public final class SpecProviders {
    /** One entry per family. */
    public static final List<SpecProvider> ALL =
            List.of(
                    new DockerSpecProvider(),
                    new WasmSpecProvider(),
                    new NoopSpecProvider(),
                    new S3SpecProvider(),
                    new IpfsSpecProvider(),
                    new UrlSpecProvider(),
                    new InlineSpecProvider(),
                    new LocalSpecProvider());

    private static final Map<ProviderKind, Set<String>> TYPES = types();
    private static final Map<ProviderKind, Map<String, ParamsView<?>>> VIEWS = views();
    private static final Map<String, ResultInput> RESULT_INPUTS = resultInputTable();

    private SpecProviders() {}

    /** The type strings served in {@code kind}, as the families spell them. */
    public static Set<String> types(ProviderKind kind) {
        return TYPES.get(kind);
    }

    /** The params view of a type (looked up lower-cased), if its family checks its params. */
    public static Optional<ParamsView<?>> params(ProviderKind kind, String type) {
        return Optional.ofNullable(VIEWS.get(kind).get(key(type)));
    }

    /** How a published result of {@code type} (looked up lower-cased) is read back as an input. */
    public static Optional<ResultInput> resultInput(String type) {
        return Optional.ofNullable(RESULT_INPUTS.get(key(type)));
    }

    private static String key(String type) {
        return SpecConfig.typeKey(type);
    }

    private static Map<ProviderKind, Set<String>> types() {
        Map<ProviderKind, Set<String>> out = new HashMap<>();
        for (ProviderKind kind : ProviderKind.values()) {
            Set<String> types = new LinkedHashSet<>();
            for (SpecProvider p : ALL) {
                p.types().stream().filter(t -> t.kind() == kind).forEach(t -> types.add(t.type()));
            }
            out.put(kind, Collections.unmodifiableSet(types));
        }
        return Map.copyOf(out);
    }

    private static Map<ProviderKind, Map<String, ParamsView<?>>> views() {
        Map<ProviderKind, Map<String, ParamsView<?>>> out = new HashMap<>();
        for (ProviderKind kind : ProviderKind.values()) {
            Map<String, ParamsView<?>> views = new HashMap<>();
            for (SpecProvider p : ALL) {
                for (ProvidedType t : p.types()) {
                    if (t.kind() == kind && t.params().isPresent()) {
                        put(views, key(t.type()), t.params().get(), kind + " params view");
                    }
                }
            }
            out.put(kind, Map.copyOf(views));
        }
        return Map.copyOf(out);
    }

    private static Map<String, ResultInput> resultInputTable() {
        Map<String, ResultInput> out = new HashMap<>();
        for (SpecProvider p : ALL) {
            p.resultInputs()
                    .forEach((type, mapping) -> put(out, key(type), mapping, "result input"));
        }
        return Map.copyOf(out);
    }

    private static <V> void put(Map<String, V> map, String key, V value, String what) {
        if (map.putIfAbsent(key, value) != null) {
            throw new IllegalStateException(
                    "two provider families declare the " + what + " of \"" + key + "\"");
        }
    }
}
