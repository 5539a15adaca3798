package io.caravel.activities.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.TestJobs;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.s3.S3LocalLayout;
import io.caravel.api.providers.s3.S3Partition;
import io.caravel.api.providers.s3.S3Partitioner;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The s3 input source against the real S3 server (BACALHAU-SPEC 6.2, 6.3; section 12 cases 72-78).
 */
class S3SourceTest {
    private static final List<String> KEYS =
            List.of(
                    "p/set1/001.txt",
                    "p/set1/002.txt",
                    "p/set1/101.txt",
                    "p/set1/102.txt",
                    "p/set2/201.txt",
                    "p/set2/202.txt",
                    "p/set2/nested/301.txt",
                    "p/set2/nested/302.txt");

    private static String bucket;
    private static S3Clients clients;

    @TempDir Path tmp;

    @BeforeAll
    static void fill() {
        clients = S3TestServer.clients();
        bucket = S3TestServer.newBucket();
        for (String key : KEYS) {
            S3TestServer.put(bucket, key, "content of " + key);
        }
        // A directory marker, as consoles create them: never downloaded.
        S3TestServer.ADMIN.putObject(
                b -> b.bucket(bucket).key("p/set1/").contentType("application/x-directory"),
                software.amazon.awssdk.core.sync.RequestBody.empty());
    }

    @AfterAll
    static void close() {
        clients.close();
        S3TestServer.deleteBuckets();
    }

    private Map<String, Object> params(String key, String filter) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Bucket", bucket);
        p.put("Key", key);
        p.put("Filter", filter);
        p.put("Endpoint", S3TestServer.ENDPOINT);
        p.put("Region", S3TestServer.REGION);
        return p;
    }

    private StagedInput stage(Map<String, Object> params) throws Exception {
        return stage(params, TestJobs.noopJob(), 0, clients);
    }

    private StagedInput stage(Map<String, Object> params, Job job, int partition, S3Clients using)
            throws Exception {
        Path exec = Files.createTempDirectory(tmp, "exec");
        Path scratch = Files.createDirectories(exec.resolve("inputs/0"));
        ExecutionContext context =
                new ExecutionContext(
                        job,
                        "e-1",
                        partition,
                        "node-1",
                        null,
                        exec,
                        exec.resolve("results"),
                        exec.resolve("logs"),
                        StagedInputs.NONE,
                        Map.of(),
                        m -> {},
                        () -> false);
        return new S3Source(using)
                .stage(
                        new InputSource(SpecConfig.of("s3", params), "", "/inputs"),
                        scratch,
                        context);
    }

    private static TreeSet<String> files(StagedInput staged) throws IOException {
        Path root = Path.of(staged.hostPath());
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private Set files(Map<String, Object> params) throws Exception {
        return new Set(files(stage(params)));
    }

    /** The staged file names, for readable assertions. */
    private record Set(TreeSet<String> names) {}

    private static Set of(String... names) {
        return new Set(new TreeSet<>(List.of(names)));
    }

    @Test
    void aSingleObjectLandsUnderItsBaseName() throws Exception {
        StagedInput staged = stage(params("p/set1/001.txt", ""));
        assertThat(new Set(files(staged))).isEqualTo(of("001.txt"));
        assertThat(Files.readString(Path.of(staged.hostPath(), "001.txt")))
                .isEqualTo("content of p/set1/001.txt");
        assertThat(staged.target()).isEqualTo("/inputs");
        assertThat(staged.readOnly()).isFalse();
        assertThat(staged.sizeBytes()).isEqualTo("content of p/set1/001.txt".length());
    }

    @Test
    void aPrefixEndingInSlashIsListedAndTheMarkerSkipped() throws Exception {
        assertThat(files(params("p/set1/", "")))
                .isEqualTo(of("001.txt", "002.txt", "101.txt", "102.txt"));
        assertThat(files(params("p/set2/", "")))
                .isEqualTo(of("201.txt", "202.txt", "nested/301.txt", "nested/302.txt"));
    }

    @Test
    void aTrailingStarListsThePrefix() throws Exception {
        assertThat(files(params("p/set1/*", "")))
                .isEqualTo(of("001.txt", "002.txt", "101.txt", "102.txt"));
        assertThat(files(params("p/set1/00*", ""))).isEqualTo(of("001.txt", "002.txt"));
        assertThat(files(params("p/set*", "")))
                .isEqualTo(
                        of(
                                "set1/001.txt",
                                "set1/002.txt",
                                "set1/101.txt",
                                "set1/102.txt",
                                "set2/201.txt",
                                "set2/202.txt",
                                "set2/nested/301.txt",
                                "set2/nested/302.txt"));
    }

    @Test
    void filterIsAnUnanchoredRegexOnTheKeyWithoutThePrefix() throws Exception {
        assertThat(files(params("p/set1/*", "[0-1]01.txt"))).isEqualTo(of("001.txt", "101.txt"));
        assertThat(files(params("p/set2/", "nested/.*")))
                .isEqualTo(of("nested/301.txt", "nested/302.txt"));
        assertThat(files(params("p/set1/", "nonexistent"))).isEqualTo(of());
        assertThat(files(params("", "^p/set1.*")))
                .isEqualTo(
                        of("p/set1/001.txt", "p/set1/002.txt", "p/set1/101.txt", "p/set1/102.txt"));
    }

    @Test
    void theRightChecksumIsAcceptedAndAWrongOneRefusedWithBoth() throws Exception {
        String sum =
                S3TestServer.ADMIN
                        .headObject(
                                b ->
                                        b.bucket(bucket)
                                                .key("p/set1/002.txt")
                                                .checksumMode(
                                                        software.amazon.awssdk.services.s3.model
                                                                .ChecksumMode.ENABLED))
                        .checksumSHA256();
        assertThat(sum).isNotEmpty();
        Map<String, Object> ok = params("p/set1/002.txt", "");
        ok.put("ChecksumSHA256", sum);
        assertThat(files(stage(ok))).containsExactly("002.txt");

        Map<String, Object> wrong = params("p/set1/002.txt", "");
        wrong.put("ChecksumSHA256", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        assertThatThrownBy(() -> stage(wrong))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "checksum mismatch for s3://"
                                                    + bucket
                                                    + "/p/set1/002.txt, expected "
                                                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=, got "
                                                    + sum);
                        });
    }

    @Test
    void aChecksumOnAnObjectWithoutOneIsRefused() {
        String b = S3TestServer.newBucket();
        S3TestServer.putWithoutChecksum(b, "plain.txt", "no checksum here");
        Map<String, Object> p = params("plain.txt", "");
        p.put("Bucket", b);
        p.put("ChecksumSHA256", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        assertThatThrownBy(() -> stage(p))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
                            assertThat(e.getMessage())
                                    .startsWith(
                                            "checksum mismatch for s3://"
                                                    + b
                                                    + "/plain.txt, expected "
                                                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=, got ");
                        });
    }

    @Test
    void aVersionIdReadsTheOldContentAndAnUnknownOneFails() throws Exception {
        String b = S3TestServer.newBucket();
        String v1 = S3TestServer.put(b, "data.txt", "version one").versionId();
        S3TestServer.put(b, "data.txt", "version two, longer");
        assertThat(v1).isNotEmpty();
        Map<String, Object> old = params("data.txt", "");
        old.put("Bucket", b);
        old.put("VersionID", v1);
        StagedInput staged = stage(old);
        assertThat(Files.readString(Path.of(staged.hostPath(), "data.txt")))
                .isEqualTo("version one");
        assertThat(staged.sizeBytes()).isEqualTo("version one".length());

        Map<String, Object> current = params("data.txt", "");
        current.put("Bucket", b);
        assertThat(Files.readString(Path.of(stage(current).hostPath(), "data.txt")))
                .isEqualTo("version two, longer");

        Map<String, Object> unknown = params("data.txt", "");
        unknown.put("Bucket", b);
        unknown.put("VersionID", "01ABCDEFGHJKMNPQRSTVWXYZ00");
        assertThatThrownBy(() -> stage(unknown))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage()).contains("s3://" + b + "/data.txt");
                        });
    }

    @Test
    void partitionsSplitTheObjectsBetweenThemExactlyOnce() throws Exception {
        Map<String, Object> p = params("p/", "");
        p.put("Partition", Map.of("Type", "object"));
        Job job =
                Job.builder()
                        .id("j-1")
                        .name("t")
                        .namespace("default")
                        .type("batch")
                        .count(2)
                        .task(TestJobs.noopTask(Map.of()).build())
                        .build();
        List<String> all = new ArrayList<>();
        for (int partition = 0; partition < 2; partition++) {
            TreeSet<String> got = files(stage(p, job, partition, clients));
            TreeSet<String> expected = new TreeSet<>();
            for (String key : KEYS) {
                if (S3Partitioner.partitionOf(
                                key, S3LocalLayout.relativeKey("p/", key), S3Partition.object(), 2)
                        == partition) {
                    expected.add(key.substring(2));
                }
            }
            assertThat(got).isEqualTo(expected);
            all.addAll(got);
        }
        assertThat(all).hasSize(KEYS.size()).doesNotHaveDuplicates();
    }

    @Test
    void anInputLargerThanTheDiskRequestIsRefusedBeforeDownloading() {
        Job job =
                TestJobs.job(
                        TestJobs.noopTask(Map.of())
                                .resources(new ResourcesConfig("", "", "40b", ""))
                                .build());
        assertThatThrownBy(() -> stage(params("p/set1/", ""), job, 0, clients))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INPUT_TOO_LARGE);
                            assertThat(e.getMessage())
                                    .contains("s3://" + bucket + "/p/set1/", "4 objects", "40b");
                        });
    }

    @Test
    void aMissingObjectIsNotRetriedAndNamesBucketAndKey() {
        assertThatThrownBy(() -> stage(params("p/set1/999.txt", "")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_NOT_FOUND);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .contains("s3://" + bucket + "/p/set1/999.txt");
                        });
    }

    @Test
    void wrongCredentialsAreNotRetriedAndNameTheBucket() {
        S3Clients wrong =
                new S3Clients(
                        S3TestServer.settings(S3Settings.ChecksumMode.AUTO)
                                .withCredentials(S3TestServer.ACCESS_KEY, "not-the-secret"));
        assertThatThrownBy(() -> stage(params("p/set1/", ""), TestJobs.noopJob(), 0, wrong))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_REFUSED);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .contains("access denied to bucket " + bucket);
                        });
        wrong.close();
    }

    @Test
    void aStoppedExecutionStopsItsDownload() throws Exception {
        String b = S3TestServer.newBucket();
        Path big = tmp.resolve("stop.bin");
        S3TestData.randomFile(big, 3L << 20);
        S3TestServer.ADMIN.putObject(
                r -> r.bucket(b).key("stop/big.bin"),
                software.amazon.awssdk.core.sync.RequestBody.fromFile(big));
        Path exec = Files.createDirectories(tmp.resolve("stopped"));
        ExecutionContext stopped =
                new ExecutionContext(
                        TestJobs.noopJob(),
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
                        () -> true);
        Map<String, Object> p = params("stop/big.bin", "");
        p.put("Bucket", b);
        assertThatThrownBy(
                        () ->
                                new S3Source(clients)
                                        .stage(
                                                new InputSource(SpecConfig.of("s3", p), "", "/in"),
                                                Files.createDirectories(exec.resolve("inputs")),
                                                stopped))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void aLargeObjectIsDownloadedInRangesByteForByte() throws Exception {
        String b = S3TestServer.newBucket();
        Path big = tmp.resolve("big.bin");
        S3TestData.randomFile(big, 64L << 20 | 12345);
        S3TestServer.ADMIN.putObject(
                r -> r.bucket(b).key("big/one.bin"),
                software.amazon.awssdk.core.sync.RequestBody.fromFile(big));
        Map<String, Object> p = params("big/one.bin", "");
        p.put("Bucket", b);
        StagedInput staged = stage(p);
        Path got = Path.of(staged.hostPath(), "one.bin");
        assertThat(staged.sizeBytes()).isEqualTo(Files.size(big));
        assertThat(S3TestData.sha256(got)).isEqualTo(S3TestData.sha256(big));
    }
}
