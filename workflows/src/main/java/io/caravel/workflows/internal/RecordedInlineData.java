package io.caravel.workflows.internal;

import io.caravel.api.Sha256;
import io.caravel.api.model.Job;
import io.temporal.common.converter.RawValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The inline data of a recorded job ({@link RecordedJob}), left out of the record and read back
 * from the workflow's input, which the history holds anyway. A WASM job's module of 10 KiB (14 KiB
 * of base64) was recorded twice: in the input and in the recorded job.
 *
 * <p>An inline source's {@code URL} of at least {@link #MIN_CHARS} characters that the input holds
 * verbatim (as any string value) is recorded as {@code {"InlineDataSHA256": "<hex>"}}, the SHA-256
 * of the URL's UTF-8 bytes; reading the record back puts the input's string of that digest in its
 * place. A URL the pipeline changed (the input does not hold it verbatim), or a short one, is
 * recorded as it is. What replay reads with today's code: the input's JSON (as {@link JobPayload}
 * reads it) and SHA-256, neither of which changes with the api rules.
 */
final class RecordedInlineData {
    /** The shortest URL left out of the record: shorter ones cost the record less than a digest. */
    static final int MIN_CHARS = 1024;

    /** The params key of a URL left out of the record. */
    static final String DIGEST_KEY = "InlineDataSHA256";

    private static final String URL_KEY = "URL";

    private RecordedInlineData() {}

    /**
     * {@code admission} as it is recorded: each inline URL of at least {@link #MIN_CHARS} that
     * {@code input} holds verbatim replaced by its digest.
     */
    static JobAdmission leftOut(JobAdmission admission, RawValue input) {
        return withParams(
                admission,
                input,
                p -> p.get(URL_KEY) instanceof String s && s.length() >= MIN_CHARS,
                (byDigest, params) -> {
                    String url = (String) params.get(URL_KEY);
                    String digest = Sha256.hex(url);
                    return url.equals(byDigest.get(digest)) ? Map.of(DIGEST_KEY, digest) : params;
                });
    }

    /**
     * The recorded {@code admission} with each URL left out put back from {@code input}.
     *
     * @throws IllegalStateException when the input holds no string of a recorded digest: the
     *     history is not the one the record was made from (a failed workflow task, not a job
     *     failure)
     */
    static JobAdmission putBack(JobAdmission admission, RawValue input) {
        return withParams(
                admission,
                input,
                p -> p.get(DIGEST_KEY) instanceof String,
                (byDigest, params) -> {
                    String url = byDigest.get((String) params.get(DIGEST_KEY));
                    if (url == null) {
                        throw new IllegalStateException(
                                "the recorded job's inline data of SHA-256 "
                                        + params.get(DIGEST_KEY)
                                        + " is not in the workflow's input");
                    }
                    return Map.of(URL_KEY, url);
                });
    }

    /**
     * {@code admission} with {@code change} applied to the inline params that {@code applies} to,
     * given the input's long strings by digest (read only when some params apply).
     */
    private static JobAdmission withParams(
            JobAdmission admission,
            RawValue input,
            Predicate<Map<String, Object>> applies,
            BiFunction<Map<String, String>, Map<String, Object>, Map<String, Object>> change) {
        if (admission.job() == null
                || InlineInputs.params(admission.job()).stream().noneMatch(applies)) {
            return admission;
        }
        Map<String, String> byDigest = longStrings(input);
        Job job =
                InlineInputs.withParams(
                        admission.job(), p -> applies.test(p) ? change.apply(byDigest, p) : p);
        return new JobAdmission(
                job, admission.warnings(), admission.refusalType(), admission.refusalMessage());
    }

    /** Every string value of at least {@link #MIN_CHARS} in the input's JSON, by digest. */
    private static Map<String, String> longStrings(RawValue input) {
        Map<String, String> out = new HashMap<>();
        collect(JobPayload.read(input), out);
        return out;
    }

    private static void collect(Object node, Map<String, String> out) {
        if (node instanceof String s) {
            if (s.length() >= MIN_CHARS) {
                out.put(Sha256.hex(s), s);
            }
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collect(v, out));
        }
    }
}
