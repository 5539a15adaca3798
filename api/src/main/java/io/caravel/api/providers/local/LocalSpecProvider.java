package io.caravel.api.providers.local;

import io.caravel.api.providers.ParamsView;
import io.caravel.api.providers.ProvidedType;
import io.caravel.api.providers.ProviderKind;
import io.caravel.api.providers.SpecProvider;
import java.util.List;

/**
 * The {@code local} source (and its deprecated alias {@code localDirectory}) and the {@code local}
 * publisher's spec half. A local result is published as a {@code urlDownload} result, so it is read
 * back by the {@code url} family.
 */
public final class LocalSpecProvider implements SpecProvider {
    @Override
    public String family() {
        return "local";
    }

    @Override
    public List<ProvidedType> types() {
        ParamsView<LocalSourceSpec> view =
                new ParamsView<>(LocalSourceSpec::from, LocalSourceSpec::toParams);
        return List.of(
                ProvidedType.of(ProviderKind.SOURCE, LocalParams.TYPE, view),
                ProvidedType.of(ProviderKind.SOURCE, LocalParams.LOCAL_DIRECTORY, view),
                ProvidedType.of(ProviderKind.PUBLISHER, LocalParams.TYPE));
    }
}
