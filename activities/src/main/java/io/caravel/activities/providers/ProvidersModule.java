package io.caravel.activities.providers;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.binder.LinkedBindingBuilder;
import com.google.inject.multibindings.MapBinder;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.model.SpecConfig;
import java.util.Map;

/**
 * Contributes engines, input source providers and publishers to the worker's registries, each under
 * its type string trimmed and lower-cased. Any number of these modules may be installed side by
 * side; two contributions under one key fail the injector at start-up, naming the key. The built-in
 * families' modules ({@code io.caravel.activities.providers.<family>.XModule}) bind through {@link
 * #engines(Binder)}, {@link #sources(Binder)} and {@link #publishers(Binder)} under their {@code
 * XParams} type constants; {@link #of} binds ready-made instances (tests, embedders), so this
 * module depends on no implementation.
 */
public final class ProvidersModule extends AbstractModule {
    private final Map<String, Engine> engines;
    private final Map<String, InputSourceProvider> sources;
    private final Map<String, Publisher> publishers;

    private ProvidersModule(
            Map<String, Engine> engines,
            Map<String, InputSourceProvider> sources,
            Map<String, Publisher> publishers) {
        this.engines = Map.copyOf(engines);
        this.sources = Map.copyOf(sources);
        this.publishers = Map.copyOf(publishers);
    }

    /**
     * Binds every provider given, keyed by its map key trimmed and lower-cased (a key may differ
     * from the provider's {@code type()} to register an alias, such as {@code localDirectory}).
     */
    public static ProvidersModule of(
            Map<String, Engine> engines,
            Map<String, InputSourceProvider> sources,
            Map<String, Publisher> publishers) {
        return new ProvidersModule(engines, sources, publishers);
    }

    /** The key a type string is registered and looked up under. */
    public static String key(String type) {
        return SpecConfig.typeKey(type);
    }

    @Override
    protected void configure() {
        Registry<Engine> engineRegistry = engines(binder());
        engines.forEach((type, engine) -> engineRegistry.add(type).toInstance(engine));
        Registry<InputSourceProvider> sourceRegistry = sources(binder());
        sources.forEach((type, source) -> sourceRegistry.add(type).toInstance(source));
        Registry<Publisher> publisherRegistry = publishers(binder());
        publishers.forEach((type, publisher) -> publisherRegistry.add(type).toInstance(publisher));
    }

    /** The worker's engine registry, for a module to contribute to. */
    public static Registry<Engine> engines(Binder binder) {
        return new Registry<>(MapBinder.newMapBinder(binder, String.class, Engine.class));
    }

    /** The worker's input source registry, for a module to contribute to. */
    public static Registry<InputSourceProvider> sources(Binder binder) {
        return new Registry<>(
                MapBinder.newMapBinder(binder, String.class, InputSourceProvider.class));
    }

    /** The worker's publisher registry, for a module to contribute to. */
    public static Registry<Publisher> publishers(Binder binder) {
        return new Registry<>(MapBinder.newMapBinder(binder, String.class, Publisher.class));
    }

    /**
     * One of the worker's registries: {@link #add} binds a provider under a type string trimmed and
     * lower-cased, as lookups use it.
     *
     * @param <T> the provider interface
     */
    public static final class Registry<T> {
        private final MapBinder<String, T> map;

        private Registry(MapBinder<String, T> map) {
            this.map = map;
        }

        /** The binding of {@code type}; bind it {@code to} a class or {@code toInstance}. */
        public LinkedBindingBuilder<T> add(String type) {
            return map.addBinding(key(type));
        }
    }
}
