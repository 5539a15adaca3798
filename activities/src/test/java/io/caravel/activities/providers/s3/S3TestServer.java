package io.caravel.activities.providers.s3;

import io.caravel.activities.net.DestinationPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The S3 server the tests use: versitygw started by {@code scripts/s3-dev.sh} on 127.0.0.1:7070
 * with its test credentials, unless the system properties {@code caravel.s3.endpoint}, {@code
 * caravel.s3.accessKey}, {@code caravel.s3.secretKey} (or the environment variables {@code
 * CARAVEL_S3_ENDPOINT}, {@code CARAVEL_S3_ACCESS_KEY}, {@code CARAVEL_S3_SECRET_KEY}) say
 * otherwise. A server that is not running fails the tests.
 */
public final class S3TestServer {
    public static final String ENDPOINT =
            value("caravel.s3.endpoint", "CARAVEL_S3_ENDPOINT", "http://127.0.0.1:7070");
    public static final String ACCESS_KEY =
            value("caravel.s3.accessKey", "CARAVEL_S3_ACCESS_KEY", "caravel-test");
    public static final String SECRET_KEY =
            value("caravel.s3.secretKey", "CARAVEL_S3_SECRET_KEY", "caravel-test-secret");
    public static final String REGION = "us-east-1";

    /** A client of the test server for setting up and checking, outside the code under test. */
    public static final S3Client ADMIN =
            S3Client.builder()
                    .endpointOverride(URI.create(ENDPOINT))
                    .forcePathStyle(true)
                    .region(Region.of(REGION))
                    .credentialsProvider(
                            StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();

    private S3TestServer() {}

    /**
     * Settings with the test credentials and the given checksum mode; no default endpoint, so jobs
     * name the test server, which is allow-listed as an operator would (endpoint and loopback
     * address).
     */
    public static S3Settings settings(S3Settings.ChecksumMode mode) {
        return settings(mode, List.of());
    }

    /**
     * As {@link #settings(S3Settings.ChecksumMode)}, with more endpoints allowed (other test
     * servers).
     */
    public static S3Settings settings(S3Settings.ChecksumMode mode, List<String> moreEndpoints) {
        List<String> endpoints = new java.util.ArrayList<>(moreEndpoints);
        endpoints.add(ENDPOINT);
        List<String> addresses =
                endpoints.stream()
                        .map(URI::create)
                        .map(u -> u.getHost() + ":" + u.getPort())
                        .toList();
        return new S3Settings(
                "",
                REGION,
                Optional.of(new S3Settings.Credentials(ACCESS_KEY, SECRET_KEY)),
                mode,
                4,
                S3EndpointPolicy.of(endpoints, DestinationPolicy.of(addresses)));
    }

    public static S3Clients clients() {
        return new S3Clients(settings(S3Settings.ChecksumMode.AUTO));
    }

    /** Clients that may also use {@code moreEndpoints}, each {@code http://HOST:PORT}. */
    public static S3Clients clients(String... moreEndpoints) {
        return new S3Clients(settings(S3Settings.ChecksumMode.AUTO, List.of(moreEndpoints)));
    }

    private static final java.util.List<String> CREATED =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A new, empty bucket with versioning enabled; {@link #deleteBuckets()} removes it. */
    public static String newBucket() {
        String bucket =
                "t-" + UUID.randomUUID().toString().substring(0, 12).toLowerCase(Locale.ROOT);
        CREATED.add(bucket);
        ADMIN.createBucket(b -> b.bucket(bucket));
        ADMIN.putBucketVersioning(
                b ->
                        b.bucket(bucket)
                                .versioningConfiguration(
                                        v -> v.status(BucketVersioningStatus.ENABLED)));
        return bucket;
    }

    /** Puts {@code content} at {@code key}, with a SHA-256 checksum; answers S3's response. */
    public static PutObjectResponse put(String bucket, String key, String content) {
        return ADMIN.putObject(
                b -> b.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    /** Puts {@code content} at {@code key} with no checksum. */
    public static PutObjectResponse putWithoutChecksum(String bucket, String key, String content) {
        return ADMIN.putObject(
                b -> b.bucket(bucket).key(key),
                RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    /**
     * Deletes every bucket {@link #newBucket()} made, with all object versions, so test runs do not
     * fill the disk.
     */
    public static void deleteBuckets() {
        for (String bucket : CREATED) {
            for (var u : ADMIN.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads()) {
                ADMIN.abortMultipartUpload(
                        b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
            }
            var versions = ADMIN.listObjectVersionsPaginator(b -> b.bucket(bucket));
            for (var v : versions.versions()) {
                ADMIN.deleteObject(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId()));
            }
            for (var m : ADMIN.listObjectVersionsPaginator(b -> b.bucket(bucket)).deleteMarkers()) {
                ADMIN.deleteObject(b -> b.bucket(bucket).key(m.key()).versionId(m.versionId()));
            }
            ADMIN.deleteBucket(b -> b.bucket(bucket));
            CREATED.remove(bucket);
        }
    }

    private static String value(String property, String env, String fallback) {
        String p = System.getProperty(property);
        if (p != null && !p.isBlank()) {
            return p.strip();
        }
        String e = System.getenv(env);
        return e != null && !e.isBlank() ? e.strip() : fallback;
    }
}
