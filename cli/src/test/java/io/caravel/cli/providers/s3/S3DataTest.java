package io.caravel.cli.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.providers.s3.S3Clients;
import io.caravel.activities.providers.s3.S3Publisher;
import io.caravel.activities.providers.s3.S3Settings;
import io.caravel.activities.providers.s3.S3Source;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.s3.S3Params;
import io.caravel.api.quantity.Resources;
import io.caravel.cli.results.ResultsDownloader;
import io.caravel.workers.it.TestCluster;
import io.caravel.workers.it.TestNode;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 in and out on a real worker, against the S3 server of {@code scripts/s3-dev.sh}: a job of two
 * partitions reads its share of a prefix (object partitioning), the engine copies what it was given
 * into its results, the s3 publisher uploads each execution's archive, and {@code job get}'s
 * downloader merges both: every input object comes back exactly once, byte for byte.
 */
class S3DataTest {
    private static final String ENDPOINT =
            System.getProperty("caravel.s3.endpoint", "http://127.0.0.1:7070");
    private static final String ACCESS = System.getProperty("caravel.s3.accessKey", "caravel-test");
    private static final String SECRET =
            System.getProperty("caravel.s3.secretKey", "caravel-test-secret");

    @TempDir Path storage;
    @TempDir Path client;

    /** Copies every staged input file into {@code outputs/} of the results. */
    static final class CopyEngine implements Engine {
        @Override
        public String type() {
            return SpecTypes.ENGINE_NOOP;
        }

        @Override
        public RunOutput run(ExecutionContext execution) {
            try {
                Path outputs = Files.createDirectories(execution.resultsDir().resolve("outputs"));
                for (StagedInput input : execution.inputs().inputs()) {
                    Path root = Path.of(input.hostPath());
                    try (Stream<Path> walk = Files.walk(root)) {
                        for (Path f : walk.filter(Files::isRegularFile).toList()) {
                            Path target = outputs.resolve(root.relativize(f).toString());
                            Files.createDirectories(target.getParent());
                            Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                        }
                    }
                }
                return new ResultsLayout()
                        .write(
                                execution.resultsDir(),
                                new ByteArrayInputStream(new byte[0]),
                                new ByteArrayInputStream(new byte[0]),
                                0)
                        .runOutput();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void partitionsReadTheirShareAndJobGetMergesThePublishedArchives() throws Exception {
        String bucket =
                "it-" + UUID.randomUUID().toString().substring(0, 12).toLowerCase(Locale.ROOT);
        List<String> names = List.of("a.csv", "b.csv", "c.csv", "d.csv", "e.csv", "f.csv");
        try (S3Client admin =
                        S3Client.builder()
                                .endpointOverride(URI.create(ENDPOINT))
                                .forcePathStyle(true)
                                .region(Region.US_EAST_1)
                                .credentialsProvider(
                                        StaticCredentialsProvider.create(
                                                AwsBasicCredentials.create(ACCESS, SECRET)))
                                .build();
                S3Clients clients =
                        new S3Clients(
                                new S3Settings(
                                        ENDPOINT,
                                        "us-east-1",
                                        Optional.of(new S3Settings.Credentials(ACCESS, SECRET)),
                                        S3Settings.ChecksumMode.AUTO,
                                        4));
                TestCluster cluster = new TestCluster()) {
            admin.createBucket(b -> b.bucket(bucket));
            for (String name : names) {
                admin.putObject(
                        b -> b.bucket(bucket).key("data/" + name),
                        RequestBody.fromString("rows of " + name));
            }
            TestNode node =
                    new TestNode(
                            cluster.newClient(),
                            "node-s3",
                            new Resources(8_000, 16L << 30, 10L << 30, 0),
                            new CopyEngine(),
                            storage,
                            List.of(new S3Source(clients)),
                            List.of(new S3Publisher(clients)));
            node.start();
            JobResult result =
                    cluster.submit(
                                    """
                    Name: s3-data
                    Type: batch
                    Count: 2
                    Tasks:
                      - Name: main
                        Engine:
                          Type: noop
                        InputSources:
                          - Target: /inputs
                            Source:
                              Type: s3
                              Params:
                                Bucket: %s
                                Key: data/
                                Partition:
                                  Type: object
                        Publisher:
                          Type: s3
                          Params:
                            Bucket: %s
                            Key: "results/{jobID}/{executionID}"
                    """
                                            .formatted(bucket, bucket))
                            .getResult(100, TimeUnit.SECONDS, JobResult.class);
            node.kill();

            assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
            List<SpecConfig> published =
                    result.executions().stream()
                            .filter(e -> e.state() == ExecutionStateType.COMPLETED)
                            .map(ExecutionRecord::publishedResult)
                            .toList();
            assertThat(published)
                    .hasSize(2)
                    .allSatisfy(
                            p -> {
                                assertThat(p.type()).isEqualTo("s3");
                                assertThat(p.params().get("Endpoint")).isEqualTo(ENDPOINT);
                                assertThat((String) p.params().get("Key"))
                                        .startsWith("results/")
                                        .endsWith(".tar.gz");
                            });

            Path out = client.resolve("job");
            assertThat(
                            ResultsDownloader.standard()
                                    .withFetcher(S3Params.TYPE, new S3ResultFetcher(clients))
                                    .download(published, out, false))
                    .isEqualTo(2);
            try (Stream<Path> files = Files.list(out.resolve("outputs"))) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                        .containsExactlyElementsOf(names);
            }
            for (String name : names) {
                assertThat(out.resolve("outputs").resolve(name)).hasContent("rows of " + name);
            }
            assertThat(out.resolve("exitCode")).hasContent("00");
            for (var v : admin.listObjectVersionsPaginator(b -> b.bucket(bucket)).versions()) {
                admin.deleteObject(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId()));
            }
            admin.deleteBucket(b -> b.bucket(bucket));
        }
    }
}
