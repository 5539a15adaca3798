package io.caravel.api.providers.ipfs;

import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.ProvidedType;
import io.caravel.api.providers.ProviderKind;
import io.caravel.api.providers.ResultInput;
import io.caravel.api.providers.SpecProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code ipfs} source and publisher's spec half; an IPFS result is read back by its CID. */
public final class IpfsSpecProvider implements SpecProvider {
    @Override
    public String family() {
        return "ipfs";
    }

    @Override
    public List<ProvidedType> types() {
        return List.of(
                ProvidedType.of(
                        ProviderKind.SOURCE,
                        IpfsParams.TYPE,
                        IpfsSourceSpec::from,
                        IpfsSourceSpec::toParams),
                ProvidedType.of(ProviderKind.PUBLISHER, IpfsParams.TYPE));
    }

    @Override
    public Map<String, ResultInput> resultInputs() {
        return Map.of(
                IpfsParams.TYPE.toLowerCase(Locale.ROOT),
                p ->
                        SpecConfig.of(
                                IpfsParams.TYPE, Map.of(IpfsParams.CID, p.string(IpfsParams.CID))));
    }
}
