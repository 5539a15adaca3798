package io.caravel.activities.providers.s3;

import io.caravel.activities.settings.Setting;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.activities.settings.SettingsSource;
import io.caravel.api.errors.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How this process talks to S3: the endpoint and region used when a spec gives none, the
 * credentials (explicit, or the AWS SDK's default chain), the checksum behaviour and how many
 * transfers run at once. Declares the worker configuration keys that set them ({@link
 * #DECLARATION}); the endpoints jobs may name come from the node's outbound policy.
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

    /** The documentation section of these keys. */
    public static final String SECTION = "S3 keys";

    public static final Setting<String> ENDPOINT =
            Setting.string(
                    SECTION,
                    "s3Endpoint",
                    "url",
                    "",
                    "S3 endpoint for s3 inputs and publishers that give no Endpoint"
                            + " (http://127.0.0.1:7070); empty for AWS. A custom endpoint is"
                            + " addressed path-style.");

    public static final Setting<String> REGION =
            Setting.string(
                    SECTION,
                    "s3Region",
                    "region",
                    "",
                    "AWS region for s3 specs that give no Region; empty for the AWS SDK's region"
                            + " chain (AWS_REGION, profile), then us-east-1.");

    public static final Setting<String> ACCESS_KEY_ID =
            Setting.string(
                    SECTION,
                    "s3AccessKeyId",
                    "id",
                    "",
                    "Access key for S3, with s3SecretAccessKey; empty for the AWS default"
                            + " credential chain (AWS_ACCESS_KEY_ID, profile, instance or container"
                            + " role).");

    public static final Setting<String> SECRET_ACCESS_KEY =
            Setting.string(
                    SECTION, "s3SecretAccessKey", "secret", "", "Secret key of s3AccessKeyId.");

    public static final Setting<String> CHECKSUM_MODE =
            Setting.string(
                    SECTION,
                    "s3ChecksumMode",
                    "mode",
                    ChecksumMode.AUTO.text(),
                    "auto: the AWS SDK's CRC checksums only towards AWS, SHA-256 on published"
                            + " archives; whenSupported: SDK checksums everywhere; whenRequired:"
                            + " none unless an operation requires one (for S3-compatible servers"
                            + " that reject checksum headers).");

    public static final Setting<Integer> TRANSFER_PARALLELISM =
            Setting.integer(
                    SECTION,
                    "s3TransferParallelism",
                    "count",
                    DEFAULT_PARALLELISM,
                    "S3 objects or 16 MiB ranges downloaded at once per input, and 8 MiB archive"
                            + " parts or plain files uploaded at once per publish (memory: one part"
                            + " each), 1 to 64.");

    /** The most transfers at once that {@code s3TransferParallelism} accepts. */
    public static final int MAX_PARALLELISM = 64;

    /**
     * The S3 keys and how they make {@link S3Settings} (with {@link S3EndpointPolicy#NODE_ONLY};
     * the worker applies its outbound policy).
     */
    public static final SettingsDeclaration<S3Settings> DECLARATION =
            SettingsDeclaration.of(
                    S3Settings.class,
                    SECTION,
                    List.of(
                            ENDPOINT,
                            REGION,
                            ACCESS_KEY_ID,
                            SECRET_ACCESS_KEY,
                            CHECKSUM_MODE,
                            TRANSFER_PARALLELISM),
                    S3Settings::resolve,
                    s ->
                            Arrays.asList(
                                    s.defaultEndpoint(),
                                    s.defaultRegion(),
                                    s.credentials().map(Credentials::accessKeyId).orElse(null),
                                    s.credentials().map(Credentials::secretAccessKey).orElse(null),
                                    s.checksumMode().text(),
                                    s.transferParallelism()));

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

    private static S3Settings resolve(SettingsSource source, List<Problem> problems) {
        int before = problems.size();
        String endpoint = source.get(ENDPOINT);
        endpoint = endpoint == null ? "" : endpoint.strip();
        if (!endpoint.isEmpty()) {
            try {
                URI uri = new URI(endpoint);
                if (!("http".equalsIgnoreCase(uri.getScheme())
                                || "https".equalsIgnoreCase(uri.getScheme()))
                        || uri.getHost() == null) {
                    throw new URISyntaxException(
                            endpoint, "not an http:// or https:// URL with a host");
                }
            } catch (URISyntaxException e) {
                problems.add(
                        new Problem(
                                ENDPOINT.key(),
                                "invalid endpoint \""
                                        + endpoint
                                        + "\"; use http://HOST:PORT or https://HOST, or nothing for AWS"));
            }
        }
        String id = source.get(ACCESS_KEY_ID);
        id = id == null ? "" : id.strip();
        String secret = source.get(SECRET_ACCESS_KEY);
        secret = secret == null ? "" : secret.strip();
        if (id.isEmpty() != secret.isEmpty()) {
            problems.add(
                    new Problem(
                            id.isEmpty() ? ACCESS_KEY_ID.key() : SECRET_ACCESS_KEY.key(),
                            "S3 credentials need both "
                                    + ACCESS_KEY_ID.key()
                                    + " and "
                                    + SECRET_ACCESS_KEY.key()
                                    + "; set both, or neither for the AWS default credential chain"));
        }
        String modeText = source.get(CHECKSUM_MODE);
        Optional<ChecksumMode> mode = ChecksumMode.parse(modeText);
        if (mode.isEmpty()) {
            problems.add(
                    new Problem(
                            CHECKSUM_MODE.key(),
                            "unknown checksum mode \""
                                    + modeText
                                    + "\"; accepted: auto, whenSupported, whenRequired"));
        }
        int parallelism = source.get(TRANSFER_PARALLELISM);
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            problems.add(
                    new Problem(
                            TRANSFER_PARALLELISM.key(),
                            "must be 1 to " + MAX_PARALLELISM + ", got " + parallelism));
        }
        if (problems.size() > before) {
            return DEFAULTS;
        }
        return new S3Settings(
                endpoint,
                source.get(REGION),
                id.isEmpty() ? Optional.empty() : Optional.of(new Credentials(id, secret)),
                mode.get(),
                parallelism);
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
