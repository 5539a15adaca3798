package io.caravel.activities.providers.s3;

import io.caravel.activities.TestJobs;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.Job;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.StagedInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One execution's results published with the {@code s3} publisher to the real S3 test server, for
 * the publisher's tests here and the round trips of {@code job get} in the CLI.
 */
public final class S3PublishTests {
    /** The publish time the tests' key templates ({date}, {time}) are filled from. */
    public static final java.time.Clock CLOCK =
            java.time.Clock.fixed(
                    java.time.Instant.parse("2026-03-04T05:06:07Z"), java.time.ZoneId.of("UTC"));

    private S3PublishTests() {}

    /**
     * Writes a results tree under {@code tmp/results}: {@code stdout}, {@code stderr}, {@code
     * exitCode}, {@code outputs/a.txt} and {@code outputs/deep/b.txt}.
     */
    public static Path results(Path tmp) throws IOException {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Files.writeString(results.resolve("stdout"), "hello\n");
        Files.writeString(results.resolve("stderr"), "");
        Files.writeString(results.resolve("exitCode"), "0");
        Files.createDirectories(results.resolve("outputs/deep"));
        Files.writeString(results.resolve("outputs/a.txt"), "A");
        Files.writeString(results.resolve("outputs/deep/b.txt"), "B");
        return results;
    }

    /**
     * Publishes {@code results} as execution {@code e-42} on {@code node-7} to {@code bucket} under
     * {@code key}, with {@code encoding} when not null.
     *
     * @param tmp the execution's directory
     */
    public static SpecConfig publish(
            S3Clients clients,
            Clock clock,
            Path tmp,
            String bucket,
            String key,
            String encoding,
            Path results)
            throws InterruptedException {
        Map<String, Object> params =
                new LinkedHashMap<>(
                        Map.of(
                                "Bucket",
                                bucket,
                                "Key",
                                key,
                                "Endpoint",
                                S3TestServer.ENDPOINT,
                                "Region",
                                S3TestServer.REGION));
        if (encoding != null) {
            params.put("Encoding", encoding);
        }
        Job job =
                TestJobs.job(
                        TestJobs.noopTask(Map.of()).publisher(SpecConfig.of("s3", params)).build());
        ExecutionContext context =
                new ExecutionContext(
                        job,
                        "e-42",
                        0,
                        "node-7",
                        null,
                        tmp,
                        results,
                        tmp.resolve("logs"),
                        StagedInputs.NONE,
                        Map.of(),
                        m -> {},
                        () -> false);
        return new S3Publisher(clients, clock).publish(context);
    }
}
