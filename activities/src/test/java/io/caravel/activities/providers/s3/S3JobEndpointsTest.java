package io.caravel.activities.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.TestJobs;
import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.net.DestinationRefusedException;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.StagedInputs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's S3 {@code Endpoint} is the node's own, or one its operator listed in s3AllowedEndpoints
 * at an address fetchAllowedNetworks allows; anything else is refused before a request is sent.
 * Against the real test S3 server on 127.0.0.1.
 */
@Tag("security")
@Timeout(60)
class S3JobEndpointsTest {
    private static final String HOST_PORT =
            URI.create(S3TestServer.ENDPOINT).getHost()
                    + ":"
                    + URI.create(S3TestServer.ENDPOINT).getPort();
    private static String bucket;

    @TempDir Path tmp;

    @BeforeAll
    static void start() {
        bucket = S3TestServer.newBucket();
        S3TestServer.put(bucket, "in/data.txt", "data");
    }

    @AfterAll
    static void close() {
        S3TestServer.deleteBuckets();
    }

    @Test
    void aJobChosenEndpointNotInTheListIsRefusedBySourceAndPublisher() throws Exception {
        try (S3Clients clients = new S3Clients(settings("", S3EndpointPolicy.NODE_ONLY))) {
            assertRefused(
                    () -> stage(clients, S3TestServer.ENDPOINT),
                    "s3 endpoint "
                            + S3TestServer.ENDPOINT
                            + ": endpoint "
                            + HOST_PORT
                            + " is not in this node's s3AllowedEndpoints");
            assertRefused(
                    () -> publish(clients, S3TestServer.ENDPOINT),
                    "s3 endpoint "
                            + S3TestServer.ENDPOINT
                            + ": endpoint "
                            + HOST_PORT
                            + " is not in this node's s3AllowedEndpoints");
        }
    }

    @Test
    void aListedEndpointAtANonPublicAddressNeedsTheAddressAllowedToo() throws Exception {
        S3EndpointPolicy listedOnly =
                S3EndpointPolicy.of(List.of(S3TestServer.ENDPOINT), DestinationPolicy.PUBLIC_ONLY);
        try (S3Clients clients = new S3Clients(settings("", listedOnly))) {
            assertRefused(
                    () -> stage(clients, S3TestServer.ENDPOINT),
                    "destination " + URI.create(S3TestServer.ENDPOINT).getHost() + " is loopback");
            assertRefused(() -> publish(clients, S3TestServer.ENDPOINT), "is loopback");
        }
    }

    @Test
    void aListedEndpointAtAnAllowedAddressWorks() throws Exception {
        S3EndpointPolicy allowed =
                S3EndpointPolicy.of(List.of(HOST_PORT), DestinationPolicy.of(List.of(HOST_PORT)));
        try (S3Clients clients = new S3Clients(settings("", allowed))) {
            assertThat(
                            Path.of(stage(clients, S3TestServer.ENDPOINT).hostPath())
                                    .resolve("data.txt"))
                    .hasContent("data");
            assertThat(publish(clients, S3TestServer.ENDPOINT).params())
                    .containsEntry("Endpoint", S3TestServer.ENDPOINT);
        }
    }

    @Test
    void theNodesOwnEndpointIsTrustedWhetherTheJobNamesItOrNot() throws Exception {
        try (S3Clients clients =
                new S3Clients(settings(S3TestServer.ENDPOINT, S3EndpointPolicy.NODE_ONLY))) {
            assertThat(Path.of(stage(clients, "").hostPath()).resolve("data.txt"))
                    .hasContent("data");
            assertThat(
                            Path.of(stage(clients, S3TestServer.ENDPOINT + "/").hostPath())
                                    .resolve("data.txt"))
                    .hasContent("data");
            assertRefused(
                    () ->
                            stage(
                                    clients,
                                    "http://localhost:"
                                            + URI.create(S3TestServer.ENDPOINT).getPort()),
                    "is not in this node's s3AllowedEndpoints");
        }
    }

    @Test
    void entriesMatchByHostAndPortOrByDomain() {
        S3EndpointPolicy policy =
                S3EndpointPolicy.of(
                        List.of("http://minio.internal:9000", "s3.example.com", ".amazonaws.com"),
                        DestinationPolicy.PUBLIC_ONLY);
        assertThat(policy.allowed()).hasSize(3);
        assertThatThrownBy(
                        () ->
                                S3EndpointPolicy.of(
                                        List.of("http://", "."), DestinationPolicy.PUBLIC_ONLY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"http://\" is not an endpoint")
                .hasMessageContaining("\".\" is not an endpoint");
    }

    private static S3Settings settings(String defaultEndpoint, S3EndpointPolicy policy) {
        return new S3Settings(
                defaultEndpoint,
                S3TestServer.REGION,
                Optional.of(
                        new S3Settings.Credentials(
                                S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)),
                S3Settings.ChecksumMode.AUTO,
                2,
                policy);
    }

    private StagedInputs.StagedInput stage(S3Clients clients, String endpoint) throws Exception {
        Path exec = Files.createTempDirectory(tmp, "exec");
        Map<String, Object> params =
                new LinkedHashMap<>(Map.of("Bucket", bucket, "Key", "in/data.txt"));
        if (!endpoint.isEmpty()) {
            params.put("Endpoint", endpoint);
        }
        return new S3Source(clients)
                .stage(
                        new InputSource(SpecConfig.of("s3", params), "", "/in"),
                        Files.createDirectories(exec.resolve("inputs/0")),
                        context(exec, TestJobs.noopJob()));
    }

    private SpecConfig publish(S3Clients clients, String endpoint) throws Exception {
        Path exec = Files.createTempDirectory(tmp, "exec");
        Path results = Files.createDirectories(exec.resolve("results"));
        Files.writeString(results.resolve("stdout"), "hello\n");
        Job job =
                TestJobs.job(
                        TestJobs.noopTask(Map.of())
                                .publisher(
                                        SpecConfig.of(
                                                "s3",
                                                Map.of(
                                                        "Bucket",
                                                        bucket,
                                                        "Key",
                                                        "out/{executionID}",
                                                        "Endpoint",
                                                        endpoint)))
                                .build());
        return new S3Publisher(clients).publish(context(exec, job));
    }

    private static ExecutionContext context(Path exec, Job job) {
        return new ExecutionContext(
                job,
                "e-1",
                0,
                "node-1",
                null,
                exec,
                exec.resolve("results"),
                exec.resolve("logs"),
                StagedInputs.NONE,
                Map.of(),
                m -> {},
                () -> false);
    }

    private static void assertRefused(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        DestinationRefusedException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_REFUSED);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage()).contains(message);
                        });
    }
}
