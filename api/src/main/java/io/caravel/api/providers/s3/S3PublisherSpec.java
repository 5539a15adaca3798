package io.caravel.api.providers.s3;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.params.ParamsSupport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The params of an {@code s3} publisher: the bucket, the key (a template, see {@link
 * S3KeyTemplate}), an optional endpoint and region, and the encoding of the upload.
 */
public record S3PublisherSpec(
        String bucket, String key, String endpoint, String region, Encoding encoding) {

    private static final String KIND = "s3 publisher";

    /** How results are uploaded. */
    public enum Encoding {
        /** One gzip tarball of the whole results directory, at a key ending in {@code .tar.gz}. */
        GZIP("gzip"),
        /** Every file on its own, under a key prefix ending in {@code /}. */
        PLAIN("plain");

        private final String text;

        Encoding(String text) {
            this.text = text;
        }

        /** The spelling in params: {@code gzip} or {@code plain}. */
        public String text() {
            return text;
        }

        /**
         * Parses the exact, case-sensitive spelling; empty when it is neither {@code gzip} nor
         * {@code plain}.
         */
        public static Optional<Encoding> parse(String text) {
            for (Encoding e : values()) {
                if (e.text.equals(text)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        }
    }

    public S3PublisherSpec {
        bucket = ParamsSupport.text(bucket);
        key = ParamsSupport.text(key);
        endpoint = ParamsSupport.text(endpoint);
        region = ParamsSupport.text(region);
        encoding = encoding == null ? Encoding.GZIP : encoding;
    }

    /**
     * Reads and validates the params of {@code config}, adding every problem to {@code problems}
     * (which points at the SpecConfig, e.g. {@code Tasks[0].Publisher}): a type other than s3, a
     * param of the wrong JSON type, an empty Bucket or Key, and an Encoding other than {@code gzip}
     * or {@code plain} (empty means gzip). Returns what could be read; never null, never throws.
     */
    public static S3PublisherSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, S3Params.TYPE, KIND, problems);
        ParamsReader reader = ParamsSupport.reader(config, problems);
        String bucket =
                ParamsSupport.requiredString(
                        reader,
                        S3Params.BUCKET,
                        "invalid s3 params. bucket cannot be empty; expected the name of the bucket to publish to");
        String key =
                ParamsSupport.requiredString(
                        reader,
                        S3Params.KEY,
                        "invalid s3 params. key cannot be empty; expected the object key (or key prefix) to publish to, "
                                + "which may contain {jobID}, {executionID}, {nodeID}, {date} and {time}");
        String endpoint = reader.string(S3Params.ENDPOINT);
        String region = reader.string(S3Params.REGION);
        String encodingText = reader.string(S3Params.ENCODING);
        Encoding encoding = Encoding.GZIP;
        if (!encodingText.isEmpty()) {
            Optional<Encoding> parsed = Encoding.parse(encodingText);
            if (parsed.isPresent()) {
                encoding = parsed.get();
            } else {
                reader.problemsAt(S3Params.ENCODING)
                        .add(
                                "invalid s3 params. encoding must be either 'plain' or 'gzip'"
                                        + " (lower case, or no value for gzip), got '"
                                        + encodingText
                                        + "'");
            }
        }
        return new S3PublisherSpec(bucket, key, endpoint, region, encoding);
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException listing every problem. */
    public static S3PublisherSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /** The canonical params: every key present, PascalCase, in declaration order. */
    public Map<String, Object> toParams() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(S3Params.BUCKET, bucket);
        params.put(S3Params.KEY, key);
        params.put(S3Params.ENDPOINT, endpoint);
        params.put(S3Params.REGION, region);
        params.put(S3Params.ENCODING, encoding.text());
        return Collections.unmodifiableMap(params);
    }
}
