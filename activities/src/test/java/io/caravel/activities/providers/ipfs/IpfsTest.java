package io.caravel.activities.providers.ipfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.cache.InputCache;
import io.caravel.activities.sources.SourceTests;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ipfs publisher and source against the real, offline Kubo node of {@code scripts/ipfs-dev.sh}.
 */
class IpfsTest {
    @TempDir Path tmp;

    private final KuboClient kubo = KuboTests.client();

    @Test
    void aPublishedDirectoryIsFetchedBackByteIdenticalByItsCid() throws Exception {
        ExecutionContext execution = SourceTests.context(tmp.resolve("exec"));
        Path results = execution.resultsDir();
        writeResults(results);

        SpecConfig published = new IpfsPublisher(kubo).publish(execution);

        assertThat(published.type()).isEqualTo("ipfs");
        String cid = (String) published.params().get("CID");
        assertThat(cid).startsWith("bafy");
        assertThat(published.params()).containsOnlyKeys("CID");

        StagedInput staged =
                source(InputCache.disabled(), 1L << 30)
                        .stage(
                                SourceTests.input("ipfs", Map.of("CID", cid), "/inputs/data"),
                                scratch("s1"),
                                execution);

        assertThat(staged.target()).isEqualTo("/inputs/data");
        assertThat(staged.readOnly()).isTrue();
        Path fetched = Path.of(staged.hostPath());
        assertThat(fetched).isDirectory();
        assertThat(tree(fetched)).isEqualTo(tree(results));
        assertThat(staged.sizeBytes())
                .isEqualTo(
                        tree(results).values().stream()
                                .filter(v -> !v.equals("/"))
                                .mapToLong(hex -> hex.length() / 2)
                                .sum());
    }

    @Test
    void linksInTheResultsAreLeftOutNotFollowed() throws Exception {
        ExecutionContext execution = context();
        Path results = execution.resultsDir();
        Files.writeString(results.resolve("stdout"), "kept");
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "outside the results");
        Files.createSymbolicLink(results.resolve("link.txt"), secret);

        String cid = (String) new IpfsPublisher(kubo).publish(execution).params().get("CID");
        StagedInput staged =
                source(InputCache.disabled(), 1L << 30)
                        .stage(
                                SourceTests.input("ipfs", Map.of("CID", cid), "/in"),
                                scratch("s"),
                                execution);

        assertThat(tree(Path.of(staged.hostPath()))).containsOnlyKeys("", "stdout");
    }

    /**
     * Issue 14, item 4: a name a reader would take for a parent directory is refused before Kubo
     * sees it.
     */
    @Test
    @org.junit.jupiter.api.Tag("security")
    void aResultNameThatReadsAsDotDotFailsThePublishNamingIt() throws Exception {
        ExecutionContext execution = context();
        Path results = execution.resultsDir();
        Files.writeString(results.resolve("stdout"), "kept");
        Files.writeString(results.resolve("..\\..\\escape"), "x");

        assertThatThrownBy(() -> new IpfsPublisher(kubo).publish(execution))
                .isInstanceOfSatisfying(
                        io.caravel.api.errors.CaravelException.class,
                        e ->
                                assertThat(e.code())
                                        .isEqualTo(io.caravel.api.errors.ErrorCode.UNSAFE_NAME))
                .hasMessageContaining("\"..\\..\\escape\"");
    }

    @Test
    void aFileCidIsStagedAsAFileAtTheTarget() throws Exception {
        Path file = tmp.resolve("data.bin");
        byte[] bytes = randomBytes(300_000);
        Files.write(file, bytes);
        String cid = kubo.add(file);

        StagedInput staged =
                source(InputCache.disabled(), 1L << 30)
                        .stage(
                                SourceTests.input("ipfs", Map.of("CID", cid), "/inputs/data.bin"),
                                scratch("s"),
                                context());

        assertThat(Path.of(staged.hostPath())).isRegularFile().hasBinaryContent(bytes);
        assertThat(staged.target()).isEqualTo("/inputs/data.bin");
        assertThat(staged.sizeBytes()).isEqualTo(bytes.length);
    }

    @Test
    void anInvalidCidFailsWithKubosMessageAndIsNotRetried() {
        assertThatThrownBy(
                        () ->
                                source(InputCache.disabled(), 1L << 30)
                                        .stage(
                                                SourceTests.input(
                                                        "ipfs",
                                                        Map.of("CID", "not-a-cid"),
                                                        "/inputs"),
                                                scratch("s"),
                                                context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REFUSED);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .contains("IPFS node at " + KuboTests.API)
                                    .contains("invalid path \"/ipfs/not-a-cid\"");
                        });
    }

    @Test
    void aCidTheOfflineNodeDoesNotHoldIsARetryableFailure() throws Exception {
        Path file = tmp.resolve("gone.txt");
        Files.writeString(file, "soon gone " + UUID.randomUUID());
        String cid = kubo.add(file);
        KuboTests.forget(cid);

        assertThatThrownBy(
                        () ->
                                source(InputCache.disabled(), 1L << 30)
                                        .stage(
                                                SourceTests.input(
                                                        "ipfs", Map.of("CID", cid), "/inputs"),
                                                scratch("s"),
                                                context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                            assertThat(e.retryable()).isTrue();
                            assertThat(e.getMessage()).contains(cid).contains("not found locally");
                        });
    }

    @Test
    void contentAboveTheLimitIsRefusedBeforeItIsFetched() throws Exception {
        Path file = tmp.resolve("big.bin");
        Files.write(file, randomBytes(10_000));
        String cid = kubo.add(file);

        assertThatThrownBy(
                        () ->
                                source(InputCache.disabled(), 5_000)
                                        .stage(
                                                SourceTests.input(
                                                        "ipfs", Map.of("CID", cid), "/inputs"),
                                                scratch("s"),
                                                context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REFUSED);
                            assertThat(e.getMessage())
                                    .contains("larger than this node's limit of 5000 bytes");
                            assertThat(e.hint()).contains("inputMaxBytes");
                        });
        assertThat(scratch("s").resolve("ipfs")).isEmptyDirectory();
    }

    @Test
    void aCachedCidIsStagedAgainWithoutKubo() throws Exception {
        Path dir = tmp.resolve("dataset");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/a.txt"), "a " + UUID.randomUUID());
        String cid = kubo.add(dir);
        IpfsSource source = source(InputCache.open(tmp.resolve("cache"), 1L << 20), 1L << 30);

        StagedInput first =
                source.stage(
                        SourceTests.input("ipfs", Map.of("CID", cid), "/in"),
                        scratch("1"),
                        context());
        KuboTests.forget(cid);
        StagedInput second =
                source.stage(
                        SourceTests.input("ipfs", Map.of("CID", cid), "/in"),
                        scratch("2"),
                        context());

        assertThat(tree(Path.of(second.hostPath())))
                .isEqualTo(tree(dir))
                .isEqualTo(tree(Path.of(first.hostPath())));
        assertThat(second.hostPath()).isNotEqualTo(first.hostPath());
    }

    @Test
    void anUnreachableNodeIsARetryableFailureNamingIt() {
        KuboClient down = new KuboClient(URI.create("http://127.0.0.1:9"), Duration.ofSeconds(5));
        assertThatThrownBy(() -> new IpfsPublisher(down).publish(context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                            assertThat(e.retryable()).isTrue();
                            assertThat(e.getMessage())
                                    .contains("http://127.0.0.1:9")
                                    .contains("connection refused");
                            assertThat(e.hint()).contains("ipfsApi");
                        });
    }

    private IpfsSource source(InputCache cache, long maxBytes) {
        return new IpfsSource(kubo, cache, maxBytes);
    }

    private ExecutionContext context() throws IOException {
        ExecutionContext c = SourceTests.context(tmp.resolve("exec-" + UUID.randomUUID()));
        Files.createDirectories(c.resultsDir());
        return c;
    }

    private Path scratch(String name) throws IOException {
        return Files.createDirectories(tmp.resolve("scratch").resolve(name));
    }

    private static void writeResults(Path results) throws IOException {
        Files.createDirectories(results.resolve("outputs/nested/deeper"));
        Files.createDirectories(results.resolve("empty dir"));
        Files.writeString(results.resolve("stdout"), "hello " + UUID.randomUUID() + "\n");
        Files.writeString(results.resolve("stderr"), "");
        Files.writeString(results.resolve("exitCode"), "0");
        Files.write(results.resolve("outputs/blob.bin"), randomBytes(2_500_000));
        Files.writeString(
                results.resolve("outputs/nested/deeper/naïve name+%2F.txt"),
                "unicode, space, plus",
                StandardCharsets.UTF_8);
    }

    /**
     * Every file and directory under {@code root}: relative path to content (directories map to
     * "/").
     */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = root.relativize(p).toString();
                out.put(
                        rel,
                        Files.isDirectory(p)
                                ? "/"
                                : java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
