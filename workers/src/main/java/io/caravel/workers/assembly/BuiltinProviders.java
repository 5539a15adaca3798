package io.caravel.workers.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.caravel.workers.providers.DockerModule;
import io.caravel.workers.providers.InlineModule;
import io.caravel.workers.providers.IpfsModule;
import io.caravel.workers.providers.LocalModule;
import io.caravel.workers.providers.NoopModule;
import io.caravel.workers.providers.S3Module;
import io.caravel.workers.providers.UrlModule;
import io.caravel.workers.providers.WasmModule;
import io.caravel.workflows.OrchestrationSettings;
import java.util.List;

/** The providers built into Caravel and the assembly a worker process starts with. */
public final class BuiltinProviders {
    private BuiltinProviders() {}

    /**
     * The node half of every built-in provider family, one module each; adding a family is one line
     * here (its spec half is one line in {@code SpecProviders}). See docs/providers.md.
     */
    static List<Module> families() {
        return List.of(
                new DockerModule(),
                new WasmModule(),
                new NoopModule(),
                new S3Module(),
                new IpfsModule(),
                new UrlModule(),
                new InlineModule(),
                new LocalModule());
    }

    /**
     * Every provider Caravel ships, keyed by type, and what the input families share ({@link
     * InputProvidersModule}). Providers that depend on the worker's configuration are made from the
     * bound {@code WorkerConfig}; the {@code local} publisher needs the node's storage and results
     * server: {@link LocalResultsModule}.
     */
    public static Module providers() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                families().forEach(this::install);
                install(new InputProvidersModule());
            }
        };
    }

    /** The modules {@code WorkerMain} adds to the worker's own. */
    public static List<Module> assembly(OrchestrationSettings settings) {
        return List.of(providers(), new LocalResultsModule(), new NodeAssemblyModule(settings));
    }
}
