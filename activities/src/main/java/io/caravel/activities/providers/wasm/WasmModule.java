package io.caravel.activities.providers.wasm;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.node.DiskLimit;
import io.caravel.activities.node.NodeContext;
import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.providers.ProviderFamily;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.api.providers.wasm.WasmParams;
import java.util.List;

/** The {@code wasm} family's wiring: the WASM engine. */
public final class WasmModule extends AbstractModule implements ProviderFamily {
    @Override
    public List<SettingsDeclaration<?>> settings() {
        return List.of(WasmSettings.DECLARATION);
    }

    /** Under {@code storageDir}: Chicory's compiled byte code of the WASM modules seen. */
    public static final String WASM_CACHE_DIR = "wasm-cache";

    @Override
    protected void configure() {
        ProvidersModule.engines(binder()).add(WasmParams.TYPE).to(WasmEngine.class);
    }

    /**
     * Compiled WASM modules are kept under the storage directory, across restarts; a task that sets
     * no Resources.Disk may write the node's defaultTaskDisk (half its disk capacity by default).
     */
    @Provides
    @Singleton
    WasmEngine wasm(NodeContext node) {
        return new WasmEngine(
                new ResultsLayout(),
                WasmEngine.Mode.COMPILED,
                node.storageDir().resolve(WASM_CACHE_DIR),
                DiskLimit.Settings.DEFAULT.withDefaultTaskDiskBytes(node.defaultTaskDiskBytes()));
    }
}
