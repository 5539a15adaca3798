package io.caravel.api.providers.inline;

import io.caravel.api.providers.ProvidedType;
import io.caravel.api.providers.ProviderKind;
import io.caravel.api.providers.SpecProvider;
import java.util.List;

/** The {@code inline} source's spec half. */
public final class InlineSpecProvider implements SpecProvider {
    @Override
    public String family() {
        return "inline";
    }

    @Override
    public List<ProvidedType> types() {
        return List.of(
                ProvidedType.of(
                        ProviderKind.SOURCE,
                        InlineParams.TYPE,
                        InlineSourceSpec::from,
                        InlineSourceSpec::toParams));
    }
}
