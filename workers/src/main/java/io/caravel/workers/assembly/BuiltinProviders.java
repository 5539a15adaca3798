package io.caravel.workers.assembly;

import com.google.inject.Module;
import io.caravel.activities.noop.NoopEngine;
import io.caravel.activities.noop.NoopPublisher;
import io.caravel.workers.inject.ProvidersModule;
import io.caravel.workflows.OrchestrationSettings;
import java.util.List;
import java.util.Map;

/** The providers built into Caravel and the assembly a worker process starts with. */
public final class BuiltinProviders {
    private BuiltinProviders() {
    }

    /**
     * Every provider Caravel ships that needs no configuration, keyed by type. The {@code local}
     * publisher needs the node's storage and results server: {@link LocalResultsModule}.
     */
    public static Module providers() {
        NoopEngine noopEngine = new NoopEngine();
        NoopPublisher noopPublisher = new NoopPublisher();
        return ProvidersModule.of(Map.of(noopEngine.type(), noopEngine), Map.of(),
                Map.of(noopPublisher.type(), noopPublisher));
    }

    /** The modules {@code WorkerMain} adds to the worker's own. */
    public static List<Module> assembly(OrchestrationSettings settings) {
        return List.of(providers(), new LocalResultsModule(), new NodeAssemblyModule(settings));
    }
}
