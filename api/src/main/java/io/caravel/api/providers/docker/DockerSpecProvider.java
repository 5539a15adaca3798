package io.caravel.api.providers.docker;

import io.caravel.api.providers.ProvidedType;
import io.caravel.api.providers.ProviderKind;
import io.caravel.api.providers.SpecProvider;
import java.util.List;

/** The {@code docker} engine's spec half. */
public final class DockerSpecProvider implements SpecProvider {
    @Override
    public String family() {
        return "docker";
    }

    @Override
    public List<ProvidedType> types() {
        return List.of(
                ProvidedType.of(
                        ProviderKind.ENGINE,
                        DockerParams.TYPE,
                        DockerEngineSpec::from,
                        DockerEngineSpec::toParams));
    }
}
