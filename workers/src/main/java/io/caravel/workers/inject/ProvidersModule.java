package io.caravel.workers.inject;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Contributes engines, input source providers and publishers to the worker's registries, each under
 * its type string trimmed and lower-cased. Any number of these modules may be installed side by
 * side; two contributions under one key fail the injector at start-up, naming the key. The
 * providers of each module (noop, docker, wasm, s3 ...) are handed in by whoever assembles the
 * worker, so this module depends on no implementation.
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
        return Objects.requireNonNull(type, "type").strip().toLowerCase(Locale.ROOT);
    }

    @Override
    protected void configure() {
        MapBinder<String, Engine> engineBinder =
                MapBinder.newMapBinder(binder(), String.class, Engine.class);
        engines.forEach((type, engine) -> engineBinder.addBinding(key(type)).toInstance(engine));
        MapBinder<String, InputSourceProvider> sourceBinder =
                MapBinder.newMapBinder(binder(), String.class, InputSourceProvider.class);
        sources.forEach((type, source) -> sourceBinder.addBinding(key(type)).toInstance(source));
        MapBinder<String, Publisher> publisherBinder =
                MapBinder.newMapBinder(binder(), String.class, Publisher.class);
        publishers.forEach(
                (type, publisher) -> publisherBinder.addBinding(key(type)).toInstance(publisher));
    }
}
