package io.caravel.workflows.internal;

import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.params.SpecTypes;
import io.temporal.common.converter.RawValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
        if (admission.job() == null || !hasLongInlineUrl(admission.job())) {
            return admission;
        }
        Map<String, String> byDigest = longStrings(input);
        Job job =
                withInlineParams(
                        admission.job(),
                        params -> {
                            Object url = params.get(URL_KEY);
                            if (url instanceof String s && s.length() >= MIN_CHARS) {
                                String digest = sha256(s);
                                if (s.equals(byDigest.get(digest))) {
                                    return Map.of(DIGEST_KEY, digest);
                                }
                            }
                            return params;
                        });
        return new JobAdmission(
                job, admission.warnings(), admission.refusalType(), admission.refusalMessage());
    }

    /**
     * The recorded {@code admission} with each URL left out put back from {@code input}.
     *
     * @throws IllegalStateException when the input holds no string of a recorded digest: the
     *     history is not the one the record was made from (a failed workflow task, not a job
     *     failure)
     */
    static JobAdmission putBack(JobAdmission admission, RawValue input) {
        if (admission.job() == null || !hasDigest(admission.job())) {
            return admission;
        }
        Map<String, String> byDigest = longStrings(input);
        Job job =
                withInlineParams(
                        admission.job(),
                        params -> {
                            Object digest = params.get(DIGEST_KEY);
                            if (!(digest instanceof String d)) {
                                return params;
                            }
                            String url = byDigest.get(d);
                            if (url == null) {
                                throw new IllegalStateException(
                                        "the recorded job's inline data of SHA-256 "
                                                + d
                                                + " is not in the workflow's input");
                            }
                            return Map.of(URL_KEY, url);
                        });
        return new JobAdmission(
                job, admission.warnings(), admission.refusalType(), admission.refusalMessage());
    }

    private static boolean hasLongInlineUrl(Job job) {
        return inlineParams(job).stream()
                .anyMatch(p -> p.get(URL_KEY) instanceof String s && s.length() >= MIN_CHARS);
    }

    private static boolean hasDigest(Job job) {
        return inlineParams(job).stream().anyMatch(p -> p.containsKey(DIGEST_KEY));
    }

    private static List<Map<String, Object>> inlineParams(Job job) {
        return job.tasks().stream()
                .flatMap(t -> t.inputSources().stream())
                .filter(RecordedInlineData::isInline)
                .map(i -> i.source().params())
                .toList();
    }

    private static Job withInlineParams(Job job, UnaryOperator<Map<String, Object>> change) {
        return job.toBuilder()
                .tasks(job.tasks().stream().map(t -> withInlineParams(t, change)).toList())
                .build();
    }

    private static Task withInlineParams(Task task, UnaryOperator<Map<String, Object>> change) {
        return task.toBuilder()
                .inputSources(
                        task.inputSources().stream()
                                .map(
                                        i -> {
                                            if (!isInline(i)) {
                                                return i;
                                            }
                                            SpecConfig source = i.source();
                                            return new InputSource(
                                                    source.withParams(
                                                            change.apply(source.params())),
                                                    i.alias(),
                                                    i.target());
                                        })
                                .toList())
                .build();
    }

    private static boolean isInline(InputSource input) {
        return input.source() != null && SpecTypes.SOURCE_INLINE.equals(input.source().typeKey());
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
                out.put(sha256(s), s);
            }
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collect(v, out));
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
