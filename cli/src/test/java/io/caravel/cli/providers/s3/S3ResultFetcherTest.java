package io.caravel.cli.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.providers.s3.S3Clients;
import io.caravel.activities.providers.s3.S3PublishTests;
import io.caravel.activities.providers.s3.S3TestData;
import io.caravel.activities.providers.s3.S3TestServer;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.s3.S3Params;
import io.caravel.cli.results.ResultsDownloader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@code job get} of {@code s3} results: what the {@code s3} publisher published (archive and
 * plain) comes back byte for byte through {@link S3ResultFetcher}, against the real S3 test server.
 */
class S3ResultFetcherTest {
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
        return S3PublishTests.publish(clients, CLOCK, tmp, bucket, key, encoding, results);
    }

    private static HeadObjectResponse head(String key) {
        return S3TestServer.ADMIN.headObject(
                b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
    }

    @Test
    void publishedArchiveAndPlainResultsDownloadByteForByte() throws Exception {
        Path results = results();
        SpecConfig archive = publish("P/roundtrip", "gzip", results);
        SpecConfig plain = publish("P/roundtrip_plain", "plain", results);
        ResultsDownloader downloader =
                ResultsDownloader.standard()
                        .withFetcher(S3Params.TYPE, new S3ResultFetcher(clients));

        Path fromArchive = tmp.resolve("out-archive");
        assertThat(downloader.download(List.of(archive), fromArchive, false)).isEqualTo(1);
        assertThat(tree(fromArchive)).isEqualTo(tree(results));
        Path fromPlain = tmp.resolve("out-plain");
        assertThat(downloader.download(List.of(plain), fromPlain, false)).isEqualTo(1);
        assertThat(tree(fromPlain)).isEqualTo(tree(results));
    }

    @Test
    void aLargeResultIsStreamedInPartsAndComesBackIdentical() throws Exception {
        Path results = results();
        S3TestData.randomFile(results.resolve("outputs/big.bin"), (64L << 20) + 777);
        SpecConfig published = publish("P/large", "gzip", results);
        HeadObjectResponse head = head("P/large.tar.gz");
        assertThat(head.contentLength()).isGreaterThan(64L << 20);
        assertThat(published.params().get("ChecksumSHA256")).isEqualTo(head.checksumSHA256());
        assertThat(head.checksumSHA256()).endsWith("-9");

        Path out = tmp.resolve("out");
        ResultsDownloader.standard()
                .withFetcher(S3Params.TYPE, new S3ResultFetcher(clients))
                .download(List.of(published), out, false);
        assertThat(S3TestData.sha256(out.resolve("outputs/big.bin")))
                .isEqualTo(S3TestData.sha256(results.resolve("outputs/big.bin")));
        assertThat(Files.readString(out.resolve("stdout"))).isEqualTo("hello\n");
        assertThat(S3TestServer.ADMIN.listMultipartUploads(b -> b.bucket(bucket)).uploads())
                .isEmpty();
    }

    private static TreeMap<String, String> tree(Path root) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String name = root.relativize(p).toString();
                out.put(
                        name,
                        Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                                ? "dir"
                                : S3TestData.sha256(p));
            }
        }
        return out;
    }
}
