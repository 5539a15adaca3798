package io.caravel.activities.providers.s3;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How this process talks to S3: the endpoint and region used when a spec gives none, the
 * credentials (explicit, or the AWS SDK's default chain), the checksum behaviour and how many
 * transfers run at once.
 *
 * @param defaultEndpoint endpoint for specs without {@code Endpoint}; empty for AWS
 * @param defaultRegion region for specs without {@code Region}; empty for the SDK's region chain,
 *     then {@code us-east-1}
 * @param credentials explicit credentials; empty for the SDK's default credential chain
 *     (environment, system properties, profile, container/instance roles)
 * @param checksumMode which checksums are computed and validated
 * @param transferParallelism objects (or byte ranges) downloaded at once, and archive parts
 *     uploaded at once; at least 1
 * @param jobEndpoints which other endpoints a job may name, and at which addresses
 */
public record S3Settings(
        String defaultEndpoint,
        String defaultRegion,
        Optional<Credentials> credentials,
        ChecksumMode checksumMode,
        int transferParallelism,
        S3EndpointPolicy jobEndpoints) {
    public static final String FALLBACK_REGION = "us-east-1";
    public static final int DEFAULT_PARALLELISM = 8;
    public static final S3Settings DEFAULTS =
            new S3Settings("", "", Optional.empty(), ChecksumMode.AUTO, DEFAULT_PARALLELISM);

    public S3Settings {
        defaultEndpoint = defaultEndpoint == null ? "" : defaultEndpoint.strip();
        defaultRegion = defaultRegion == null ? "" : defaultRegion.strip();
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(checksumMode, "checksumMode");
        if (transferParallelism < 1) {
            throw new IllegalArgumentException(
                    "transferParallelism must be at least 1, got " + transferParallelism);
        }
        Objects.requireNonNull(jobEndpoints, "jobEndpoints");
    }

    /**
     * Settings under which jobs may name no endpoint but {@code defaultEndpoint} ({@link
     * S3EndpointPolicy#NODE_ONLY}).
     */
    public S3Settings(
            String defaultEndpoint,
            String defaultRegion,
            Optional<Credentials> credentials,
            ChecksumMode checksumMode,
            int transferParallelism) {
        this(
                defaultEndpoint,
                defaultRegion,
                credentials,
                checksumMode,
                transferParallelism,
                S3EndpointPolicy.NODE_ONLY);
    }

    /** These settings with explicit credentials. */
    public S3Settings withCredentials(String accessKeyId, String secretAccessKey) {
        return new S3Settings(
                defaultEndpoint,
                defaultRegion,
                Optional.of(new Credentials(accessKeyId, secretAccessKey)),
                checksumMode,
                transferParallelism,
                jobEndpoints);
    }

    /** These settings with {@code policy} for the endpoints jobs name. */
    public S3Settings withJobEndpoints(S3EndpointPolicy policy) {
        return new S3Settings(
                defaultEndpoint,
                defaultRegion,
                credentials,
                checksumMode,
                transferParallelism,
                policy);
    }

    /** Explicit access key credentials; {@link #toString()} hides the secret. */
    public record Credentials(String accessKeyId, String secretAccessKey) {
        public Credentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=(set)]";
        }
    }

    /**
     * Which checksums travel with requests. AWS SDK 2.30 and later send CRC checksums on every
     * upload and validate them on downloads by default, which some S3-compatible servers reject.
     */
    public enum ChecksumMode {
        /**
         * The SDK's own checksums (CRC, {@code WHEN_SUPPORTED}) only towards AWS (no endpoint, or
         * one ending in {@code amazonaws.com}), {@code WHEN_REQUIRED} elsewhere; archives always
         * carry a SHA-256 checksum, which the published {@code ChecksumSHA256} reports.
         */
        AUTO("auto"),
        /** The SDK's checksums on every endpoint, plus SHA-256 on archives. */
        WHEN_SUPPORTED("whenSupported"),
        /**
         * No checksum is sent unless an operation requires one; published archives have no
         * ChecksumSHA256.
         */
        WHEN_REQUIRED("whenRequired");

        private final String text;

        ChecksumMode(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /**
         * Parses {@code auto}, {@code whenSupported} or {@code whenRequired}, ignoring case, '-'
         * and '_'.
         */
        public static Optional<ChecksumMode> parse(String s) {
            String n =
                    s == null
                            ? ""
                            : s.strip().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
            for (ChecksumMode m : values()) {
                if (m.text.toLowerCase(Locale.ROOT).equals(n)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        /** Whether archives are uploaded with SHA-256 checksums. */
        public boolean sha256OnArchives() {
            return this != WHEN_REQUIRED;
        }

        /**
         * Whether the SDK's own (CRC) checksums are on towards {@code endpoint} (empty for AWS).
         */
        public boolean sdkChecksums(String endpoint) {
            return switch (this) {
                case WHEN_SUPPORTED -> true;
                case WHEN_REQUIRED -> false;
                case AUTO -> S3Endpoints.isAws(endpoint);
            };
        }
    }
}
