package io.caravel.activities.providers.s3;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.providers.s3.S3LocalLayout;
import io.caravel.api.providers.s3.S3Partitioner;
import io.caravel.api.providers.s3.S3SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Which objects an {@code s3} source reads, with their sizes, before anything is downloaded
 * (BACALHAU-SPEC 6.2): a key naming one object is read with a HEAD (its {@code VersionID} and
 * {@code ChecksumSHA256} checked); a prefix (a key ending in {@code /} or {@code *}, or empty) is
 * listed, {@code Filter} applied to each key with the prefix removed; directory markers are dropped
 * and the partition's share kept (6.3).
 */
public final class S3ObjectSelector {
    private static final String DIRECTORY_CONTENT_TYPE = "application/x-directory";

    private S3ObjectSelector() {}

    /**
     * The objects partition {@code partitionIndex} of {@code partitionCount} reads.
     *
     * @throws CaravelException {@code CHECKSUM_MISMATCH} naming the expected and actual checksum,
     *     or one of {@link S3Errors}
     */
    public static List<S3ObjectRef> select(
            S3Client s3,
            String endpoint,
            S3SourceSpec spec,
            int partitionIndex,
            int partitionCount) {
        Map<String, S3ObjectRef> byKey = new LinkedHashMap<>();
        boolean listed = true;
        if (spec.isSingleObject()) {
            HeadObjectResponse head = head(s3, endpoint, spec);
            if (head.contentType() == null
                    || !head.contentType().startsWith(DIRECTORY_CONTENT_TYPE)) {
                byKey.put(
                        spec.key(),
                        new S3ObjectRef(
                                spec.key(),
                                head.contentLength(),
                                head.eTag(),
                                spec.versionId().isEmpty()
                                        ? text(head.versionId())
                                        : spec.versionId(),
                                S3LocalLayout.localPath(spec.key(), spec.key())));
                listed = false;
            }
        }
        if (listed) {
            list(s3, endpoint, spec).forEach(o -> byKey.put(o.key(), o));
        }
        List<String> keys =
                S3Partitioner.select(
                        new ArrayList<>(byKey.keySet()),
                        spec.key(),
                        spec.partition(),
                        partitionIndex,
                        partitionCount);
        return keys.stream().map(byKey::get).toList();
    }

    private static HeadObjectResponse head(S3Client s3, String endpoint, S3SourceSpec spec) {
        HeadObjectRequest.Builder request =
                HeadObjectRequest.builder().bucket(spec.bucket()).key(spec.key());
        if (!spec.versionId().isEmpty()) {
            request.versionId(spec.versionId());
        }
        if (!spec.checksumSha256().isEmpty()) {
            request.checksumMode(ChecksumMode.ENABLED);
        }
        HeadObjectResponse head;
        try {
            head = s3.headObject(request.build());
        } catch (SdkException e) {
            throw S3Errors.translate(
                    e,
                    "read",
                    spec.bucket(),
                    spec.key()
                            + (spec.versionId().isEmpty()
                                    ? ""
                                    : " (version " + spec.versionId() + ")"),
                    endpoint);
        }
        if (!spec.checksumSha256().isEmpty()
                && !spec.checksumSha256().equals(text(head.checksumSHA256()))) {
            throw new CaravelException(
                    ErrorCode.CHECKSUM_MISMATCH,
                    "checksum mismatch for s3://"
                            + spec.bucket()
                            + "/"
                            + spec.key()
                            + ", expected "
                            + spec.checksumSha256()
                            + ", got "
                            + (text(head.checksumSHA256()).isEmpty()
                                    ? "none (the object has no SHA-256 checksum)"
                                    : head.checksumSHA256()),
                    "give the object's base64 SHA-256 as S3 reports it (aws s3api head-object --checksum-mode"
                            + " ENABLED), or no ChecksumSHA256");
        }
        return head;
    }

    private static List<S3ObjectRef> list(S3Client s3, String endpoint, S3SourceSpec spec) {
        String prefix = S3LocalLayout.listPrefix(spec.key());
        Pattern filter = spec.filter().isEmpty() ? null : Pattern.compile(spec.filter());
        List<S3ObjectRef> out = new ArrayList<>();
        try {
            for (S3Object o :
                    s3.listObjectsV2Paginator(
                                    ListObjectsV2Request.builder()
                                            .bucket(spec.bucket())
                                            .prefix(prefix)
                                            .build())
                            .contents()) {
                // Bacalhau matches the key with the prefix cut off, nothing more (storage.go
                // 257-294).
                String rest =
                        o.key().startsWith(prefix) ? o.key().substring(prefix.length()) : o.key();
                if (filter != null && !filter.matcher(rest).find()) {
                    continue;
                }
                out.add(
                        new S3ObjectRef(
                                o.key(),
                                o.size(),
                                o.eTag(),
                                "",
                                S3LocalLayout.localPath(spec.key(), o.key())));
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, "list", spec.bucket(), prefix, endpoint);
        }
        return out;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
