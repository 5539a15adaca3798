package io.caravel.api.providers.url;

import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.ProvidedType;
import io.caravel.api.providers.ProviderKind;
import io.caravel.api.providers.ResultInput;
import io.caravel.api.providers.SpecProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code urlDownload} source's spec half; a result published as a URL (the {@code local}
 * publisher's) is read back as a {@code urlDownload} input of that URL.
 */
public final class UrlSpecProvider implements SpecProvider {
    @Override
    public String family() {
        return "url";
    }

    @Override
    public List<ProvidedType> types() {
        return List.of(
                ProvidedType.of(
                        ProviderKind.SOURCE,
                        UrlParams.TYPE,
                        UrlDownloadSourceSpec::from,
                        UrlDownloadSourceSpec::toParams));
    }

    @Override
    public Map<String, ResultInput> resultInputs() {
        return Map.of(
                UrlParams.TYPE.toLowerCase(Locale.ROOT),
                p -> SpecConfig.of(UrlParams.TYPE, Map.of(UrlParams.URL, p.string(UrlParams.URL))));
    }
}
