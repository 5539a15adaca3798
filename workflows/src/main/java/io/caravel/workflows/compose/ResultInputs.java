package io.caravel.workflows.compose;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.params.SpecTypes;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one job's published results into the input sources of the next: an IPFS result becomes an
 * {@code ipfs} input of its CID, an S3 result an {@code s3} input of its exact object version, a
 * URL result (the local publisher's, a pre-signed S3 URL) a {@code urlDownload} input.
 */
public final class ResultInputs {
    private ResultInputs() {}

    /**
     * One input per completed execution that published something, at {@code targetPrefix/<index>}
     * when there are several, at {@code targetPrefix} when there is one.
     *
     * @throws CaravelException UNSUPPORTED_TYPE for a result type that cannot be read back
     */
    public static List<InputSource> fromResult(JobResult result, String targetPrefix) {
        List<ExecutionRecord> published =
                result.executions().stream()
                        .filter(
                                e ->
                                        e.state() == ExecutionStateType.COMPLETED
                                                && !e.publishedResult().isEmpty())
                        .toList();
        List<InputSource> inputs = new ArrayList<>();
        for (int i = 0; i < published.size(); i++) {
            String target = published.size() == 1 ? targetPrefix : targetPrefix + "/" + i;
            inputs.add(
                    fromPublished(
                            published.get(i).publishedResult(), target, result.jobId() + "-" + i));
        }
        return inputs;
    }

    /** One published result as an input source at {@code target}. */
    public static InputSource fromPublished(SpecConfig published, String target, String alias) {
        ParamsReader p = new ParamsReader(published.params(), new Problems());
        Map<String, Object> params = new LinkedHashMap<>();
        String type = published.typeKey();
        switch (type) {
            case "ipfs" -> {
                params.put("CID", p.string("CID"));
                return new InputSource(SpecConfig.of(SpecTypes.SOURCE_IPFS, params), alias, target);
            }
            case "s3" -> {
                for (String key :
                        List.of(
                                "Bucket",
                                "Key",
                                "Endpoint",
                                "Region",
                                "VersionID",
                                "ChecksumSHA256")) {
                    params.put(key, p.string(key));
                }
                return new InputSource(SpecConfig.of(SpecTypes.SOURCE_S3, params), alias, target);
            }
            case "urldownload" -> {
                params.put("URL", p.string("URL"));
                return new InputSource(
                        SpecConfig.of(SpecTypes.SOURCE_URL_DOWNLOAD, params), alias, target);
            }
            case "s3presigned" -> {
                params.put("URL", p.string("PreSignedURL"));
                return new InputSource(
                        SpecConfig.of(SpecTypes.SOURCE_URL_DOWNLOAD, params), alias, target);
            }
            default ->
                    throw new CaravelException(
                            ErrorCode.UNSUPPORTED_TYPE,
                            "a published result of type \""
                                    + published.type().toLowerCase(Locale.ROOT)
                                    + "\" cannot be used as an input",
                            "publish with ipfs, s3 or local to feed results into another job");
        }
    }
}
