package io.caravel.activities.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.TestJobs;
import io.caravel.activities.cache.InputCache;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The s3 input through the node's input cache, against the real S3 server: the requests reach it
 * through a {@link RecordingProxy}, so the tests see which objects were downloaded again.
 */
class S3SourceCacheTest {
    private static String bucket;
    private static S3Clients clients;
    private static RecordingProxy proxy;

    @TempDir Path tmp;

    private InputCache cache;
    private final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        bucket = S3TestServer.newBucket();
        URI server = URI.create(S3TestServer.ENDPOINT);
        proxy = new RecordingProxy(server.getHost(), server.getPort());
        clients = S3TestServer.clients(proxy.endpoint());
    }

    @AfterAll
    static void close() throws Exception {
        proxy.close();
        clients.close();
        S3TestServer.deleteBuckets();
    }

    @BeforeEach
    void openCache() {
        cache = InputCache.open(tmp.resolve("cache"), 1L << 30);
    }

    private Map<String, Object> params(String key, String endpoint) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Bucket", bucket);
        p.put("Key", key);
        p.put("Endpoint", endpoint);
        p.put("Region", S3TestServer.REGION);
        return p;
    }

    private StagedInput stage(Map<String, Object> params) throws Exception {
        Path exec = Files.createTempDirectory(tmp, "exec");
        Path scratch = Files.createDirectories(exec.resolve("inputs/0"));
        ExecutionContext context =
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
                        progress::add,
                        () -> false);
        proxy.clear();
        return new S3Source(clients, cache)
                .stage(
                        new InputSource(SpecConfig.of("s3", params), "", "/inputs"),
                        scratch,
                        context);
    }

    /**
     * The object downloads the proxy saw in the last staging (listings are GETs of the bucket, left
     * out).
     */
    private static List<String> objectGets() {
        return proxy.requests().stream()
                .filter(r -> r.startsWith("GET /" + bucket + "/") && !r.contains("list-type"))
                .map(r -> r.substring(("GET /" + bucket + "/").length()).replaceAll("\\?.*", ""))
                .toList();
    }

    private static String read(StagedInput staged, String name) throws Exception {
        return Files.readString(Path.of(staged.hostPath(), name));
    }

    @Test
    void aSecondStagingOfAnObjectIsServedFromTheCacheWithoutDownloadingIt() throws Exception {
        S3TestServer.put(bucket, "one/data.txt", "first content");
        StagedInput first = stage(params("one/data.txt", proxy.endpoint()));
        assertThat(objectGets()).containsExactly("one/data.txt");
        assertThat(read(first, "data.txt")).isEqualTo("first content");

        StagedInput second = stage(params("one/data.txt", proxy.endpoint()));
        assertThat(proxy.requests())
                .anyMatch(r -> r.startsWith("HEAD /" + bucket + "/one/data.txt"));
        assertThat(objectGets()).isEmpty();
        assertThat(read(second, "data.txt")).isEqualTo("first content");
        assertThat(second.readOnly()).isTrue();
        assertThat(second.sizeBytes()).isEqualTo("first content".length());
        assertThat(second.hostPath()).isNotEqualTo(first.hostPath());
        assertThat(progress).anyMatch(m -> m.contains("staged from the node's input cache"));
        assertThat(cache.entryCount()).isEqualTo(1);
    }

    @Test
    void aNewVersionOfTheObjectIsDownloadedAgain() throws Exception {
        S3TestServer.put(bucket, "two/data.txt", "old");
        stage(params("two/data.txt", proxy.endpoint()));
        S3TestServer.put(bucket, "two/data.txt", "new");
        StagedInput after = stage(params("two/data.txt", proxy.endpoint()));
        assertThat(objectGets()).containsExactly("two/data.txt");
        assertThat(read(after, "data.txt")).isEqualTo("new");
        assertThat(cache.entryCount()).isEqualTo(2);
    }

    @Test
    void aPrefixIsCachedAsOneListingAndAnyChangedObjectFetchesItAgain() throws Exception {
        S3TestServer.put(bucket, "dir/a.txt", "A");
        S3TestServer.put(bucket, "dir/sub/b.txt", "B");
        stage(params("dir/", proxy.endpoint()));
        assertThat(objectGets()).containsExactlyInAnyOrder("dir/a.txt", "dir/sub/b.txt");

        StagedInput again = stage(params("dir/", proxy.endpoint()));
        assertThat(proxy.requests()).anyMatch(r -> r.contains("list-type"));
        assertThat(objectGets()).isEmpty();
        assertThat(read(again, "a.txt")).isEqualTo("A");
        assertThat(read(again, "sub/b.txt")).isEqualTo("B");

        S3TestServer.put(bucket, "dir/sub/b.txt", "B2");
        StagedInput changed = stage(params("dir/", proxy.endpoint()));
        assertThat(objectGets()).containsExactlyInAnyOrder("dir/a.txt", "dir/sub/b.txt");
        assertThat(read(changed, "sub/b.txt")).isEqualTo("B2");
        assertThat(cache.entryCount()).isEqualTo(2);
    }

    @Test
    void anInputLargerThanTheWholeCacheBypassesIt() throws Exception {
        cache = InputCache.open(tmp.resolve("small-cache"), 4);
        S3TestServer.put(bucket, "five/data.txt", "more than four bytes");
        for (int job = 0; job < 2; job++) {
            StagedInput staged = stage(params("five/data.txt", proxy.endpoint()));
            assertThat(objectGets()).containsExactly("five/data.txt");
            assertThat(staged.readOnly()).isFalse();
            assertThat(read(staged, "data.txt")).isEqualTo("more than four bytes");
        }
        assertThat(cache.entryCount()).isZero();
    }

    @Test
    void twoEndpointsNeverShareAnEntry() throws Exception {
        S3TestServer.put(bucket, "three/data.txt", "x");
        stage(params("three/data.txt", proxy.endpoint()));
        stage(params("three/data.txt", S3TestServer.ENDPOINT));
        assertThat(cache.entryCount()).isEqualTo(2);
        assertThat(progress).noneMatch(m -> m.contains("staged from the node's input cache"));
    }

    @Test
    void theChecksumIsStillCheckedWhenTheObjectIsCached() throws Exception {
        String checksum = S3TestServer.put(bucket, "four/data.txt", "checked").checksumSHA256();
        stage(params("four/data.txt", proxy.endpoint()));

        Map<String, Object> wrong = params("four/data.txt", proxy.endpoint());
        wrong.put("ChecksumSHA256", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        assertThatThrownBy(() -> stage(wrong))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));

        Map<String, Object> right = params("four/data.txt", proxy.endpoint());
        right.put("ChecksumSHA256", checksum);
        StagedInput staged = stage(right);
        assertThat(read(staged, "data.txt")).isEqualTo("checked");
        // The checksum is part of the key: an entry of its own, fetched once.
        assertThat(objectGets()).containsExactly("four/data.txt");
        assertThat(cache.entryCount()).isEqualTo(2);
    }
}
