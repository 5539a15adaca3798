package io.caravel.activities.providers.s3;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The S3 clients of this process, one per endpoint and region, made on first use and kept (each
 * holds a connection pool). A custom endpoint is addressed path-style ({@code
 * http://host:port/bucket/key}), as S3-compatible servers expect.
 */
public final class S3Clients implements AutoCloseable {
    private final S3Settings settings;
    private final AwsCredentialsProvider credentials;
    private final Map<Target, S3Client> clients = new ConcurrentHashMap<>();

    public S3Clients(S3Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.credentials =
                settings.credentials()
                        .<AwsCredentialsProvider>map(
                                c ->
                                        StaticCredentialsProvider.create(
                                                AwsBasicCredentials.create(
                                                        c.accessKeyId(), c.secretAccessKey())))
                        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    public S3Settings settings() {
        return settings;
    }

    /**
     * The endpoint requests go to: {@code specEndpoint}, else the configured default; empty for
     * AWS.
     */
    public String endpoint(String specEndpoint) {
        return specEndpoint == null || specEndpoint.isBlank()
                ? settings.defaultEndpoint()
                : specEndpoint.strip();
    }

    /**
     * The region requests are signed for: {@code specRegion}, else the configured default, else the
     * SDK's region chain ({@code AWS_REGION}, the profile ...), else {@code us-east-1}.
     */
    public String region(String specRegion) {
        if (specRegion != null && !specRegion.isBlank()) {
            return specRegion.strip();
        }
        if (!settings.defaultRegion().isEmpty()) {
            return settings.defaultRegion();
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (RuntimeException e) {
            return S3Settings.FALLBACK_REGION;
        }
    }

    /**
     * The client for the given spec values (each may be empty, see {@link #endpoint} and {@link
     * #region}). An endpoint the job chose (not the node's own) is first checked against the
     * settings' {@link S3Settings#jobEndpoints()}, and its client resolves only to addresses that
     * policy allows.
     *
     * @throws io.caravel.activities.net.DestinationRefusedException ({@code DESTINATION_REFUSED})
     *     when the policy refuses the endpoint; {@code STORAGE_UNAVAILABLE} when its host does not
     *     resolve
     */
    public S3Client client(String specEndpoint, String specRegion) {
        String endpoint = endpoint(specEndpoint);
        boolean jobChosen =
                !endpoint.isEmpty()
                        && settings.jobEndpoints().checked()
                        && !S3Endpoints.sameServer(endpoint, settings.defaultEndpoint());
        if (jobChosen) {
            try {
                settings.jobEndpoints().check(endpoint);
            } catch (IOException e) {
                throw new CaravelException(
                        ErrorCode.STORAGE_UNAVAILABLE,
                        "cannot reach s3 endpoint " + endpoint + ": " + e,
                        "check the endpoint's host name; the step is retried",
                        List.of(),
                        e);
            }
        }
        Target target = new Target(endpoint, region(specRegion), jobChosen);
        return clients.computeIfAbsent(target, this::build);
    }

    private S3Client build(Target target) {
        boolean sdkChecksums = settings.checksumMode().sdkChecksums(target.endpoint());
        ApacheHttpClient.Builder http =
                ApacheHttpClient.builder()
                        .maxConnections(Math.max(50, settings.transferParallelism() * 2))
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2));
        if (target.jobChosen()) {
            // The client connects to exactly the addresses this resolver checked, whenever it
            // connects.
            http.dnsResolver(settings.jobEndpoints().dnsResolver(target.endpoint()));
        }
        S3ClientBuilder b =
                S3Client.builder()
                        .region(Region.of(target.region()))
                        .credentialsProvider(credentials)
                        .httpClientBuilder(http)
                        .requestChecksumCalculation(
                                sdkChecksums
                                        ? RequestChecksumCalculation.WHEN_SUPPORTED
                                        : RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(
                                sdkChecksums
                                        ? ResponseChecksumValidation.WHEN_SUPPORTED
                                        : ResponseChecksumValidation.WHEN_REQUIRED);
        if (!target.endpoint().isEmpty()) {
            b.endpointOverride(S3Endpoints.uri(target.endpoint())).forcePathStyle(true);
        }
        return b.build();
    }

    @Override
    public void close() {
        clients.values().forEach(S3Client::close);
        clients.clear();
    }

    private record Target(String endpoint, String region, boolean jobChosen) {}
}
