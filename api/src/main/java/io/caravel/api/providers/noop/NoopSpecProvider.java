package io.caravel.api.providers.noop;

import io.caravel.api.providers.ProvidedType;
import io.caravel.api.providers.ProviderKind;
import io.caravel.api.providers.SpecProvider;
import java.util.List;

/**
 * The {@code noop} engine, source and publisher: test helpers that take no params (their params
 * pass unchanged).
 */
public final class NoopSpecProvider implements SpecProvider {
    @Override
    public String family() {
        return "noop";
    }

    @Override
    public List<ProvidedType> types() {
        return List.of(
                ProvidedType.of(ProviderKind.ENGINE, NoopParams.TYPE),
                ProvidedType.of(ProviderKind.SOURCE, NoopParams.TYPE),
                ProvidedType.of(ProviderKind.PUBLISHER, NoopParams.TYPE));
    }
}
