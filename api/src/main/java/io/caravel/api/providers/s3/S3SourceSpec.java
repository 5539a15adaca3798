package io.caravel.api.providers.s3;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.params.ParamsSupport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The params of an {@code s3} input source: one object, or every object under a prefix (a key
 * ending in {@code /} or {@code *}, or an empty key), optionally filtered by a regex and split
 * between the partitions of the job.
 *
 * @param bucket the bucket; required
 * @param key an object key, a prefix ending in {@code /}, or a prefix ending in {@code *}
 * @param filter a regex (RE2 syntax) matched, unanchored, against each listed key with the prefix
 *     removed; empty for none
 * @param region the AWS region, or empty for the worker's default
 * @param endpoint a custom S3 endpoint, or empty for AWS
 * @param versionId the object version to read (single-object mode only)
 * @param checksumSha256 the expected base64 SHA-256 of the object (single-object mode only)
 * @param partition how objects are split between partitions; {@link S3Partition#NONE} for none
 */
public record S3SourceSpec(
        String bucket,
        String key,
        String filter,
        String region,
        String endpoint,
        String versionId,
        String checksumSha256,
        S3Partition partition) {

    public S3SourceSpec {
        bucket = ParamsSupport.text(bucket);
        key = ParamsSupport.text(key);
        filter = ParamsSupport.text(filter);
        region = ParamsSupport.text(region);
        endpoint = ParamsSupport.text(endpoint);
        versionId = ParamsSupport.text(versionId);
        checksumSha256 = ParamsSupport.text(checksumSha256);
        partition = partition == null ? S3Partition.NONE : partition;
    }

    /** A spec reading {@code key} from {@code bucket} with nothing else set. */
    public static S3SourceSpec of(String bucket, String key) {
        return new S3SourceSpec(bucket, key, "", "", "", "", "", S3Partition.NONE);
    }

    /**
     * Reads and validates the params of an {@code s3} source. Keys match case-insensitively ({@code
     * bucket} reads {@code Bucket}). Every problem (wrong type, missing bucket, bad filter or
     * partition settings) is added to {@code problems}, which points at the SpecConfig, e.g. {@code
     * Tasks[0].InputSources[1].Source}. Never throws, never returns null.
     */
    public static S3SourceSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, problems, S3Params.TYPE);
        ParamsReader reader = ParamsSupport.reader(config, problems);
        String bucket =
                ParamsSupport.requiredString(
                        reader,
                        S3Params.BUCKET,
                        "invalid s3 storage params: bucket cannot be empty; give the bucket name, e.g. \"Bucket\": \"my-data\"");
        String filter = reader.string(S3Params.FILTER);
        if (!filter.isEmpty()) {
            ParamsSupport.compileRegex(filter, reader.problemsAt(S3Params.FILTER));
        }
        S3Partition partition =
                reader.has(S3Params.PARTITION)
                        ? S3Partition.read(reader.nested(S3Params.PARTITION))
                        : S3Partition.NONE;
        return new S3SourceSpec(
                bucket,
                reader.string(S3Params.KEY),
                filter,
                reader.string(S3Params.REGION),
                reader.string(S3Params.ENDPOINT),
                reader.string(S3Params.VERSION_ID),
                reader.string(S3Params.CHECKSUM_SHA256),
                partition);
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException listing every problem. */
    public static S3SourceSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /** Whether the key names one object rather than a prefix to list. */
    public boolean isSingleObject() {
        return S3LocalLayout.isSingleObject(key);
    }

    /**
     * The canonical params: {@code Bucket, Key, Filter, Region, Endpoint, VersionID,
     * ChecksumSHA256}, plus {@code Partition} when partitioning is set.
     */
    public Map<String, Object> toParams() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(S3Params.BUCKET, bucket);
        out.put(S3Params.KEY, key);
        out.put(S3Params.FILTER, filter);
        out.put(S3Params.REGION, region);
        out.put(S3Params.ENDPOINT, endpoint);
        out.put(S3Params.VERSION_ID, versionId);
        out.put(S3Params.CHECKSUM_SHA256, checksumSha256);
        if (partition.isPartitioned()) {
            out.put(S3Params.PARTITION, partition.toParams());
        }
        return Collections.unmodifiableMap(out);
    }
}
