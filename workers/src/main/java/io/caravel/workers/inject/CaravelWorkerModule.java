package io.caravel.workers.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import io.caravel.activities.placement.EngineAvailability;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.activities.providers.wasm.WasmEngine;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.errors.Problem;
import io.caravel.api.params.SpecTypes;
import io.caravel.workers.CaravelWorker;
import io.caravel.workers.Registrar;
import io.caravel.workers.capacity.CapacityDetector;
import io.caravel.workers.capacity.GpuProbe;
import io.caravel.workers.capacity.NodeCapacity;
import io.caravel.workers.capacity.NvidiaSmiProbe;
import io.caravel.workers.config.ConfigKey;
import io.caravel.workers.config.InvalidConfigException;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.metrics.TemporalMetrics;
import io.caravel.workers.registry.NodeDescription;
import io.caravel.workers.registry.NodeHeartbeater;
import io.caravel.workers.results.ResultsServer;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The wiring of a worker process, meant for an injector in {@code Stage.PRODUCTION} with explicit
 * bindings, so that a wiring mistake, a duplicate provider key or an enabled engine without a
 * provider fails at start-up. Binds the configuration (and, from it, what the provider families'
 * modules read: {@link NodeContextModule}), the detected capacity and the node ledger, the
 * connection to Temporal, the node's description and heartbeats, and the {@link CaravelWorker}.
 * Declares the provider registries ({@code Map<String, Engine>}, {@code Map<String,
 * InputSourceProvider>}, {@code Map<String, Publisher>}), which {@link ProvidersModule}s fill.
 * Whoever assembles the worker also binds a {@link Registrar}.
 */
public final class CaravelWorkerModule extends AbstractModule {
    private final WorkerConfig config;
    private final GpuProbe gpuProbe;

    /** Wiring for {@code config}, finding GPUs with {@code nvidia-smi}. */
    public CaravelWorkerModule(WorkerConfig config) {
        this(config, new NvidiaSmiProbe());
    }

    public CaravelWorkerModule(WorkerConfig config, GpuProbe gpuProbe) {
        this.config = config;
        this.gpuProbe = gpuProbe;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().requireAtInjectOnConstructors();
        bind(WorkerConfig.class).toInstance(config);
        bind(GpuProbe.class).toInstance(gpuProbe);
        install(new NodeContextModule(config));
        // Declared here so that the maps exist even when no ProvidersModule contributes to one.
        MapBinder.newMapBinder(binder(), String.class, Engine.class);
        MapBinder.newMapBinder(binder(), String.class, InputSourceProvider.class);
        MapBinder.newMapBinder(binder(), String.class, Publisher.class);
        // An assembly with a results server (LocalResultsModule) binds it; the node then advertises
        // its URL.
        OptionalBinder.newOptionalBinder(binder(), ResultsServer.class);
    }

    @Provides
    @Singleton
    NodeCapacity capacity(WorkerConfig config, GpuProbe probe) {
        return new CapacityDetector(probe).detect(config);
    }

    @Provides
    @Singleton
    NodeLedger ledger(NodeCapacity capacity, WorkerConfig config) {
        // Chicory keeps WASM memory on this JVM's heap: WASM work is admitted against a part of it.
        long heap = config.wasmHeap().bytes(Runtime.getRuntime().maxMemory());
        return new NodeLedger(
                capacity.resources(),
                capacity.gpuIndices(),
                new NodeLedger.HeapBudget(
                        heap, Map.of(SpecTypes.ENGINE_WASM, WasmEngine::heapBytes)),
                NodeLedger.AheadQueue.of(config.claimsAhead()));
    }

    /** Present when {@link WorkerConfig#metricsPort()} is set. */
    @Provides
    @Singleton
    Optional<TemporalMetrics> metrics(WorkerConfig config) {
        return config.metricsPort() == 0 ? Optional.empty() : Optional.of(TemporalMetrics.create());
    }

    @Provides
    @Singleton
    WorkflowServiceStubs stubs(WorkerConfig config, Optional<TemporalMetrics> metrics) {
        Scope scope = metrics.map(TemporalMetrics::scope).orElseGet(NoopScope::new);
        return TemporalConnection.stubs(config, scope);
    }

    @Provides
    @Singleton
    WorkflowClient client(WorkflowServiceStubs stubs, WorkerConfig config) {
        return TemporalConnection.client(stubs, config);
    }

    /**
     * This node as it declares itself.
     *
     * @throws InvalidConfigException when an enabled engine or the default publisher has no
     *     provider
     */
    @Provides
    @Singleton
    NodeDescription description(
            WorkerConfig config,
            NodeLedger ledger,
            NodeCapacity capacity,
            Map<String, Engine> engines,
            Map<String, InputSourceProvider> sources,
            Map<String, Publisher> publishers,
            Optional<ResultsServer> resultsServer) {
        List<Problem> problems = new ArrayList<>();
        Set<String> runnable = new TreeSet<>();
        List<Engine> running = new ArrayList<>();
        for (String enabled : config.engines()) {
            Engine engine = engines.get(ProvidersModule.key(enabled));
            if (engine == null) {
                problems.add(
                        new Problem(
                                ConfigKey.ENGINES.key(),
                                "the engine \""
                                        + enabled
                                        + "\" is enabled but this"
                                        + " worker has no provider for it; installed: "
                                        + installed(engines.keySet())));
            } else {
                runnable.add(engine.type());
                running.add(engine);
            }
        }
        if (!config.defaultPublisher().isEmpty()
                && !publishers.containsKey(config.defaultPublisher())) {
            problems.add(
                    new Problem(
                            ConfigKey.DEFAULT_PUBLISHER.key(),
                            "the publisher \""
                                    + config.defaultPublisher()
                                    + "\" has no provider on this worker; installed: "
                                    + installed(publishers.keySet())));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new NodeDescription(
                config.nodeId(),
                ledger,
                config.labels(),
                runnable,
                sources.values().stream()
                        .map(InputSourceProvider::type)
                        .collect(Collectors.toSet()),
                publishers.values().stream().map(Publisher::type).collect(Collectors.toSet()),
                config.networkTypes(),
                capacity.gpuModels(),
                resultsServer.map(ResultsServer::advertisedUrl).orElse(""),
                new EngineAvailability(running));
    }

    @Provides
    @Singleton
    NodeHeartbeater heartbeater(
            WorkflowClient client, NodeDescription description, WorkerConfig config) {
        return new NodeHeartbeater(client, description, config.heartbeatInterval());
    }

    @Provides
    @Singleton
    CaravelWorker worker(
            WorkflowClient client,
            WorkerConfig config,
            NodeLedger ledger,
            Registrar registrar,
            NodeHeartbeater heartbeater) {
        return new CaravelWorker(
                client, CaravelWorker.Settings.from(config), ledger, registrar, heartbeater);
    }

    private static String installed(Set<String> keys) {
        return keys.isEmpty() ? "none" : String.join(", ", new TreeSet<>(keys));
    }
}
