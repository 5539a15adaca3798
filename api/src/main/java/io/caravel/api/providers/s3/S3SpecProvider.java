package io.caravel.api.providers.s3;

import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.providers.ProvidedType;
import io.caravel.api.providers.ProviderKind;
import io.caravel.api.providers.ResultInput;
import io.caravel.api.providers.SpecProvider;
import io.caravel.api.providers.url.UrlParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code s3} source and publisher's spec half, with Bacalhau's {@code s3managed} and {@code
 * s3PreSigned} type strings. An {@code s3} result is read back as an {@code s3} input of its exact
 * object version; an {@code s3PreSigned} result as a {@code urlDownload} input of its URL.
 */
public final class S3SpecProvider implements SpecProvider {
    /**
     * The params an {@code s3} result hands to the {@code s3} input that reads it back, in order.
     */
    private static final List<String> RESULT_KEYS =
            List.of(
                    S3Params.BUCKET,
                    S3Params.KEY,
                    S3Params.ENDPOINT,
                    S3Params.REGION,
                    S3Params.VERSION_ID,
                    S3Params.CHECKSUM_SHA256);

    @Override
    public String family() {
        return "s3";
    }

    @Override
    public List<ProvidedType> types() {
        return List.of(
                ProvidedType.of(
                        ProviderKind.SOURCE,
                        S3Params.TYPE,
                        S3SourceSpec::from,
                        S3SourceSpec::toParams),
                ProvidedType.of(ProviderKind.SOURCE, S3Params.MANAGED),
                ProvidedType.of(ProviderKind.SOURCE, S3Params.PRESIGNED),
                ProvidedType.of(
                        ProviderKind.PUBLISHER,
                        S3Params.TYPE,
                        S3PublisherSpec::from,
                        S3PublisherSpec::toParams),
                ProvidedType.of(ProviderKind.PUBLISHER, S3Params.MANAGED));
    }

    @Override
    public Map<String, ResultInput> resultInputs() {
        return Map.of(
                S3Params.TYPE.toLowerCase(Locale.ROOT),
                S3SpecProvider::objectInput,
                S3Params.PRESIGNED.toLowerCase(Locale.ROOT),
                p ->
                        SpecConfig.of(
                                UrlParams.TYPE,
                                Map.of(UrlParams.URL, p.string(S3Params.PRESIGNED_URL))));
    }

    private static SpecConfig objectInput(ParamsReader published) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (String key : RESULT_KEYS) {
            params.put(key, published.string(key));
        }
        return SpecConfig.of(S3Params.TYPE, params);
    }
}
