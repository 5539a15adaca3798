package io.caravel.activities.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.SpecConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job's file names and its publisher's Key cannot reach another job's keys (issue 14, item 4):
 * against the real S3 server, with another job's {@code stdout} at {@code T/other-job/stdout}.
 */
@Tag("security")
class S3KeyTraversalTest {
    private static final String VICTIM = "T/other-job/stdout";
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

    @BeforeEach
    void otherJobsResults() {
        S3TestServer.put(bucket, VICTIM, "theirs");
    }

    private Path results(String hostileName) throws Exception {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Files.writeString(results.resolve("stdout"), "mine");
        Files.writeString(results.resolve("exitCode"), "0");
        Files.createDirectories(results.resolve("outputs"));
        Files.writeString(results.resolve("outputs/good.txt"), "good");
        if (hostileName != null) {
            Files.writeString(results.resolve("outputs").resolve(hostileName), "overwritten");
        }
        return results;
    }

    private SpecConfig publish(String key, String encoding, Path results)
            throws InterruptedException {
        return S3PublishTests.publish(
                clients, Clock.systemUTC(), tmp, bucket, key, encoding, results);
    }

    private static String read(String key) {
        return S3TestServer.ADMIN.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    private static List<String> keysUnder(String prefix) {
        return S3TestServer.ADMIN
                .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                .contents()
                .stream()
                .map(o -> o.key())
                .sorted()
                .toList();
    }

    @Test
    void aFileNamedWithBackslashDotDotFailsThePublishNamingItAndOverwritesNothing()
            throws Exception {
        Path results = results("..\\..\\..\\other-job\\stdout");

        assertThatThrownBy(() -> publish("T/jobs/{jobID}/", "plain", results))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_NAME);
                            assertThat(e.retryable()).isFalse();
                        })
                .hasMessageContaining("\"outputs/..\\..\\..\\other-job\\stdout\"");

        assertThat(read(VICTIM)).isEqualTo("theirs");
        assertThat(keysUnder("T/jobs/")).isEmpty();
    }

    @Test
    void aBackslashIsAnOrdinaryCharacterAndPublishedAsItIs() throws Exception {
        publish("T/plain-backslash/", "plain", results("a\\b.txt"));

        assertThat(keysUnder("T/plain-backslash/"))
                .containsExactly(
                        "T/plain-backslash/exitCode",
                        "T/plain-backslash/outputs/a\\b.txt",
                        "T/plain-backslash/outputs/good.txt",
                        "T/plain-backslash/stdout");
        assertThat(read("T/plain-backslash/outputs/a\\b.txt")).isEqualTo("overwritten");
        assertThat(read(VICTIM)).isEqualTo("theirs");
    }

    @Test
    void anArchiveWithABadNameIsNotUploaded() throws Exception {
        Path results = results("..\\..\\..\\other-job\\stdout");

        assertThatThrownBy(() -> publish("T/archive/{jobID}", "gzip", results))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_NAME))
                .hasMessageContaining("outputs/..\\..\\..\\other-job\\stdout");
        assertThat(keysUnder("T/archive/")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "T/jobs/x/../../other-job/",
                "T/jobs/../other-job",
                "../T/other-job/",
                "T/./other-job/",
                "T//other-job/",
                "/T/other-job/",
                "T/jobs/{jobID}/../../other-job/"
            })
    void aKeyWithDotDotOrEmptySegmentsIsRefusedBeforeAnyUpload(String key) throws Exception {
        Path results = results(null);
        for (String encoding : List.of("plain", "gzip")) {
            assertThatThrownBy(() -> publish(key, encoding, results))
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_NAME);
                                assertThat(e.retryable()).isFalse();
                            })
                    .hasMessageContaining("cannot publish to the key");
        }
        assertThat(read(VICTIM)).isEqualTo("theirs");
        assertThat(keysUnder("T/other-job/")).containsExactly(VICTIM);
        assertThat(keysUnder("T/jobs/")).isEmpty();
        assertThat(keysUnder("other-job")).isEmpty();
    }
}
