package io.caravel.activities.providers.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The input cache key of one {@code s3} staging: the endpoint, the bucket, the key or prefix as
 * written, the {@code ChecksumSHA256} asked for, and a SHA-256 over every selected object's key,
 * version id, ETag, size and local path. So one entry is one listing (all the objects a prefix,
 * filter and partition selected, laid out as staged); any object replaced, added or removed gives a
 * new key, and two endpoints never share an entry.
 */
final class S3CacheKey {
    private S3CacheKey() {}

    /**
     * The key, or empty when the content cannot be identified (an object with neither a version id
     * nor an ETag) or there is nothing to cache.
     */
    static Optional<String> of(
            String endpoint,
            String bucket,
            String specKey,
            String checksumSha256,
            List<S3ObjectRef> objects) {
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        MessageDigest sha = sha256();
        for (S3ObjectRef o : objects) {
            String eTag = o.eTag() == null ? "" : o.eTag();
            if (eTag.isEmpty() && o.versionId().isEmpty()) {
                return Optional.empty();
            }
            // NUL cannot occur in a key, a version id or an ETag, so the fields cannot run into
            // each other.
            sha.update(
                    (o.key()
                                    + '\0'
                                    + o.versionId()
                                    + '\0'
                                    + eTag
                                    + '\0'
                                    + o.size()
                                    + '\0'
                                    + o.localPath()
                                    + '\n')
                            .getBytes(StandardCharsets.UTF_8));
        }
        return Optional.of(
                "s3:"
                        + endpoint
                        + " "
                        + bucket
                        + " "
                        + specKey
                        + (checksumSha256.isEmpty() ? "" : " sha256=" + checksumSha256)
                        + " objects="
                        + objects.size()
                        + " "
                        + HexFormat.of().formatHex(sha.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
