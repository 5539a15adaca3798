package io.caravel.workers.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoMap;
import com.google.inject.multibindings.StringMapKey;
import io.caravel.activities.cache.InputCache;
import io.caravel.activities.engines.docker.DockerClients;
import io.caravel.activities.engines.docker.DockerEngine;
import io.caravel.activities.engines.wasm.WasmEngine;
import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.noop.NoopEngine;
import io.caravel.activities.noop.NoopPublisher;
import io.caravel.activities.publishers.s3.S3Publisher;
import io.caravel.activities.s3.S3Clients;
import io.caravel.activities.sources.inline.InlineSource;
import io.caravel.activities.sources.local.LocalSource;
import io.caravel.activities.sources.s3.S3Source;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.workers.capacity.NodeCapacity;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.inject.ProvidersModule;
import io.caravel.workflows.OrchestrationSettings;
import java.util.List;
import java.util.Map;

/** The providers built into Caravel and the assembly a worker process starts with. */
public final class BuiltinProviders {
    private BuiltinProviders() {}

    /**
     * Every provider Caravel ships, keyed by type. Providers that depend on the worker's
     * configuration (the {@code local} source and its allow-list; {@code urlDownload} and {@code
     * ipfs}, {@link InputProvidersModule}; {@code s3}, which shares the node's {@link InputCache}
     * bound there) are made from the bound {@link WorkerConfig}; the {@code local} publisher needs
     * the node's storage and results server: {@link LocalResultsModule}.
     */
    public static Module providers() {
        return new BuiltinModule();
    }

    /** The modules {@code WorkerMain} adds to the worker's own. */
    public static List<Module> assembly(OrchestrationSettings settings) {
        return List.of(providers(), new LocalResultsModule(), new NodeAssemblyModule(settings));
    }

    /**
     * The built-in providers; map keys are the lower-cased type strings, as {@link
     * ProvidersModule#key}.
     */
    static final class BuiltinModule extends AbstractModule {
        /** Under {@code storageDir}: Chicory's compiled byte code of the WASM modules seen. */
        static final String WASM_CACHE_DIR = "wasm-cache";

        @Override
        protected void configure() {
            NoopEngine noopEngine = new NoopEngine();
            InlineSource inline = new InlineSource();
            NoopPublisher noopPublisher = new NoopPublisher();
            install(
                    ProvidersModule.of(
                            Map.of(noopEngine.type(), noopEngine),
                            Map.of(inline.type(), inline),
                            Map.of(noopPublisher.type(), noopPublisher)));
            install(new InputProvidersModule());
        }

        /**
         * Compiled WASM modules are kept under the storage directory, across restarts; a task that
         * sets no Resources.Disk may write the node's defaultTaskDisk (half its disk capacity by
         * default).
         */
        @ProvidesIntoMap
        @StringMapKey("wasm")
        @Singleton
        Engine wasm(WorkerConfig config, NodeCapacity capacity) {
            return new WasmEngine(
                    new ResultsLayout(),
                    WasmEngine.Mode.COMPILED,
                    config.storageDir().toAbsolutePath().normalize().resolve(WASM_CACHE_DIR),
                    config.taskDisk().resolve(capacity.resources().diskBytes()));
        }

        /**
         * Connects to {@code dockerHost} on first use only, so nodes that do not run docker need no
         * daemon; gets absent images as the dockerSkipImagePull and registry-credential keys say,
         * limits each container's processes to dockerPidsLimit; the HTTP mode's egress proxy
         * refuses non-public targets as egressRefuseNonPublic says; holds containers to their disk
         * limits as defaultTaskDisk and diskWatchInterval say.
         */
        @ProvidesIntoMap
        @StringMapKey("docker")
        @Singleton
        Engine docker(WorkerConfig config, NodeCapacity capacity) {
            return new DockerEngine(
                    DockerClients.lazy(config.dockerHost(), config.dockerCertPath()),
                    config.dockerPulls(),
                    config.dockerPidsLimit(),
                    config.outbound().egressTargets(),
                    config.taskDisk().resolve(capacity.resources().diskBytes()));
        }

        @Provides
        @Singleton
        LocalSource localSource(WorkerConfig config) {
            return new LocalSource(config.localAllowList());
        }

        @ProvidesIntoMap
        @StringMapKey("local")
        InputSourceProvider local(LocalSource source) {
            return source;
        }

        /** The node's S3 clients (one per endpoint and region), with the worker's s3* settings. */
        @Provides
        @Singleton
        S3Clients s3Clients(WorkerConfig config) {
            return new S3Clients(config.s3());
        }

        @ProvidesIntoMap
        @StringMapKey("s3")
        @Singleton
        InputSourceProvider s3Source(S3Clients clients, InputCache cache) {
            return new S3Source(clients, cache);
        }

        @ProvidesIntoMap
        @StringMapKey("s3")
        @Singleton
        Publisher s3Publisher(S3Clients clients) {
            return new S3Publisher(clients);
        }

        /** Bacalhau's deprecated alias of {@code local}. */
        @ProvidesIntoMap
        @StringMapKey("localdirectory")
        InputSourceProvider localDirectory(LocalSource source) {
            return source;
        }
    }
}
