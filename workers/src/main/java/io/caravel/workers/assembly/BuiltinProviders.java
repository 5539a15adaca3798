package io.caravel.workers.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.caravel.activities.providers.ProviderFamily;
import io.caravel.activities.providers.docker.DockerModule;
import io.caravel.activities.providers.inline.InlineModule;
import io.caravel.activities.providers.ipfs.IpfsModule;
import io.caravel.activities.providers.local.LocalModule;
import io.caravel.activities.providers.noop.NoopModule;
import io.caravel.activities.providers.s3.S3Module;
import io.caravel.activities.providers.url.UrlModule;
import io.caravel.activities.providers.wasm.WasmModule;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.workflows.OrchestrationSettings;
import java.util.List;

/** The providers built into Caravel and the assembly a worker process starts with. */
public final class BuiltinProviders {
    private BuiltinProviders() {}

    /**
     * The wiring of every built-in provider family, one module each, in its node package ({@code
     * io.caravel.activities.providers.<family>}), with the settings the family declares; adding a
     * family is one line here (its spec half is one line in {@code SpecProviders}). The order is
     * that of the families' settings in the configuration and its docs. See docs/providers.md.
     */
    public static List<ProviderFamily> families() {
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
     * The settings of every built-in family, in the order of {@link #families()}: what the worker's
     * configuration composes, resolves and binds.
     */
    public static List<SettingsDeclaration<?>> settings() {
        return families().stream().flatMap(f -> f.settings().stream()).toList();
    }

    /**
     * Every provider Caravel ships, keyed by type, and what the input families share ({@link
     * InputProvidersModule}). Providers read the node context and their family's settings record,
     * which {@code CaravelWorkerModule} binds from the worker's configuration; the {@code local}
     * publisher needs the node's storage and results server: {@link LocalResultsModule}.
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
