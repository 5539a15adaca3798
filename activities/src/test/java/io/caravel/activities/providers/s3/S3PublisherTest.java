package io.caravel.activities.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.SpecConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The s3 publisher against the real S3 server (BACALHAU-SPEC 6.1; section 12 cases 70, 71). */
class S3PublisherTest {
    private static final Clock CLOCK = S3PublishTests.CLOCK;
    private static String bucket;
    private static S3Clients clients;

    @TempDir Path tmp;

    @BeforeAll
    static void start() {
        clients = S3TestServer.clients();
        bucket = S3TestServer.newBucket();
    }

    @AfterAll
    static void close() {
        clients.close();
        S3TestServer.deleteBuckets();
    }

    private Path results() throws Exception {
        return S3PublishTests.results(tmp);
    }

    private SpecConfig publish(String key, String encoding, Path results)
            throws InterruptedException {
        return publish(key, encoding, results, clients);
    }

    private SpecConfig publish(String key, String encoding, Path results, S3Clients using)
            throws InterruptedException {
        return S3PublishTests.publish(using, CLOCK, tmp, bucket, key, encoding, results);
    }

    private static Map<String, Object> expected(String key, String versionId, String checksum) {
        return S3Publisher.published(
                bucket, key, S3TestServer.ENDPOINT, S3TestServer.REGION, versionId, checksum);
    }

    private static HeadObjectResponse head(String key) {
        return S3TestServer.ADMIN.headObject(
                b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
    }

    private List<String> keysUnder(String prefix) {
        return S3TestServer.ADMIN
                .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                .contents()
                .stream()
                .map(o -> o.key())
                .sorted()
                .toList();
    }

    @Test
    void gzipIsTheDefaultAndPublishesOneArchiveWithVersionAndChecksum() throws Exception {
        SpecConfig published = publish("P/simple_gzip", null, results());
        HeadObjectResponse head = head("P/simple_gzip.tar.gz");
        assertThat(head.versionId()).isNotEmpty();
        assertThat(head.checksumSHA256()).isNotEmpty();
        assertThat(published.type()).isEqualTo("s3");
        assertThat(published.params())
                .containsExactlyEntriesOf(
                        expected("P/simple_gzip.tar.gz", head.versionId(), head.checksumSHA256()));
        assertThat(published.params().keySet())
                .containsExactly(
                        "Bucket",
                        "Key",
                        "Filter",
                        "Region",
                        "Endpoint",
                        "VersionID",
                        "ChecksumSHA256",
                        "Partition");
    }

    @Test
    void archiveKeysGetTheSuffixOnceAndPlaceholders() throws Exception {
        Path results = results();
        assertThat(publish("P/already.tar.gz", "gzip", results).params().get("Key"))
                .isEqualTo("P/already.tar.gz");
        assertThat(publish("P/nested_gzip/with/nested/path", "gzip", results).params().get("Key"))
                .isEqualTo("P/nested_gzip/with/nested/path.tar.gz");
        assertThat(
                        publish("P/pattern_gzip/{jobID}/{executionID}", "gzip", results)
                                .params()
                                .get("Key"))
                .isEqualTo("P/pattern_gzip/j-1/e-42.tar.gz");
        assertThat(publish("P/{date}/{time}/{nodeID}", "gzip", results).params().get("Key"))
                .isEqualTo("P/20260304/050607/node-7.tar.gz");
        assertThat(keysUnder("P/"))
                .contains(
                        "P/already.tar.gz",
                        "P/nested_gzip/with/nested/path.tar.gz",
                        "P/pattern_gzip/j-1/e-42.tar.gz",
                        "P/20260304/050607/node-7.tar.gz");
    }

    @Test
    void plainUploadsEachFileUnderThePrefixWithoutVersionOrChecksum() throws Exception {
        SpecConfig published = publish("P/simple_plain", "plain", results());
        assertThat(published.params())
                .containsExactlyEntriesOf(expected("P/simple_plain/", "", ""));
        assertThat(keysUnder("P/simple_plain/"))
                .containsExactly(
                        "P/simple_plain/exitCode",
                        "P/simple_plain/outputs/a.txt",
                        "P/simple_plain/outputs/deep/b.txt",
                        "P/simple_plain/stderr",
                        "P/simple_plain/stdout");
        assertThat(publish("P/slash_plain/", "plain", results()).params().get("Key"))
                .isEqualTo("P/slash_plain/");
        assertThat(
                        publish("P/pattern_plain/{jobID}/{executionID}/", "plain", results())
                                .params()
                                .get("Key"))
                .isEqualTo("P/pattern_plain/j-1/e-42/");
    }

    @Test
    void whenRequiredSendsNoChecksumAndPublishesNone() throws Exception {
        try (S3Clients plain =
                new S3Clients(S3TestServer.settings(S3Settings.ChecksumMode.WHEN_REQUIRED))) {
            SpecConfig published = publish("P/no_checksum", "gzip", results(), plain);
            assertThat(published.params().get("ChecksumSHA256")).isEqualTo("");
            assertThat(published.params().get("VersionID"))
                    .isEqualTo(head("P/no_checksum.tar.gz").versionId());
        }
    }

    @Test
    void aMissingBucketOrWrongCredentialsFailPublishingWithoutRetry() throws Exception {
        Path results = results();
        String saved = bucket;
        bucket = "no-such-bucket-" + Long.toHexString(System.nanoTime());
        try {
            assertThatThrownBy(() -> publish("P/x", "gzip", results))
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_NOT_FOUND);
                                assertThat(e.retryable()).isFalse();
                                assertThat(e.getMessage())
                                        .contains("s3://" + bucket + "/P/x.tar.gz");
                            });
        } finally {
            bucket = saved;
        }
        try (S3Clients wrong =
                new S3Clients(
                        S3TestServer.settings(S3Settings.ChecksumMode.AUTO)
                                .withCredentials(S3TestServer.ACCESS_KEY, "not-the-secret"))) {
            assertThatThrownBy(() -> publish("P/y", "plain", results, wrong))
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_REFUSED);
                                assertThat(e.getMessage())
                                        .contains("access denied to bucket " + bucket);
                            });
        }
    }
}
