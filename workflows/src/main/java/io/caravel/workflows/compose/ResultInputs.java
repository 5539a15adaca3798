package io.caravel.workflows.compose;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.providers.ResultInput;
import io.caravel.api.providers.SpecProviders;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /**
     * One published result as an input source at {@code target}, as the family that declares the
     * result's type maps it ({@link SpecProviders#resultInput}).
     */
    public static InputSource fromPublished(SpecConfig published, String target, String alias) {
        ParamsReader p = new ParamsReader(published.params(), new Problems());
        ResultInput mapping =
                SpecProviders.resultInput(published.typeKey())
                        .orElseThrow(
                                () ->
                                        new CaravelException(
                                                ErrorCode.UNSUPPORTED_TYPE,
                                                "a published result of type \""
                                                        + published.type().toLowerCase(Locale.ROOT)
                                                        + "\" cannot be used as an input",
                                                "publish with ipfs, s3 or local to feed results"
                                                        + " into another job"));
        return new InputSource(mapping.toSource(p), alias, target);
    }
}
