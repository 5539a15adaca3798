package io.caravel.api.providers.wasm;

import io.caravel.api.providers.ProvidedType;
import io.caravel.api.providers.ProviderKind;
import io.caravel.api.providers.SpecProvider;
import java.util.List;

/** The {@code wasm} engine's spec half. */
public final class WasmSpecProvider implements SpecProvider {
    @Override
    public String family() {
        return "wasm";
    }

    @Override
    public List<ProvidedType> types() {
        return List.of(
                ProvidedType.of(
                        ProviderKind.ENGINE,
                        WasmParams.TYPE,
                        WasmEngineSpec::from,
                        WasmEngineSpec::toParams));
    }
}
