package io.caravel.activities.providers.inline;

import static io.caravel.activities.sources.SourceTests.context;
import static io.caravel.activities.sources.SourceTests.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.files.Tarballs;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.providers.inline.InlineSourceSpec;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InlineSourceTest {
    @TempDir Path tmp;

    private final InlineSource source = new InlineSource();

    private StagedInput stage(InputSource input) throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("exec/inputs/0"));
        return source.stage(input, scratch, context(tmp.resolve("exec")));
    }

    private static InputSource inline(String url, String target) {
        return input("inline", Map.of("URL", url), target);
    }

    @Test
    void plainTextBecomesOneReadOnlyFileAtTheTarget() throws Exception {
        StagedInput staged =
                stage(inline("data:text/plain;base64,aGVsbG8gd29ybGQ=", "/inputs/hello.txt"));

        assertThat(staged.target()).isEqualTo("/inputs/hello.txt");
        assertThat(staged.readOnly()).isTrue();
        assertThat(staged.sizeBytes()).isEqualTo(11);
        Path file = Path.of(staged.hostPath());
        assertThat(file).isRegularFile().startsWith(tmp.resolve("exec/inputs/0"));
        assertThat(Files.readString(file)).isEqualTo("hello world");
    }

    @Test
    void percentEncodedDataWithoutMediaTypeIsText() throws Exception {
        StagedInput staged = stage(inline("data:,a%20b%0A", "/x"));

        assertThat(Files.readString(Path.of(staged.hostPath()))).isEqualTo("a b\n");
        assertThat(staged.sizeBytes()).isEqualTo(4);
    }

    @Test
    void binaryDataKeepsEveryByte() throws Exception {
        byte[] data = new byte[50_000];
        new Random(7).nextBytes(data);

        StagedInput staged =
                stage(
                        inline(
                                InlineSourceSpec.of("application/octet-stream", data).url(),
                                "/in/blob"));

        assertThat(Files.readAllBytes(Path.of(staged.hostPath()))).isEqualTo(data);
        assertThat(staged.sizeBytes()).isEqualTo(data.length);
    }

    @Test
    void stagingAgainReplacesWhatAnEarlierAttemptWrote() throws Exception {
        stage(inline("data:,first", "/x"));
        StagedInput staged = stage(inline("data:,second", "/x"));

        assertThat(Files.readString(Path.of(staged.hostPath()))).isEqualTo("second");
    }

    @Test
    void gzipTarballOfADirectoryIsStagedAsADirectoryWithIdenticalBytes() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src/mydata"));
        Files.writeString(dir.resolve("a.txt"), "alpha\n");
        Files.createDirectories(dir.resolve("sub/deeper"));
        byte[] blob = new byte[20_000];
        new Random(3).nextBytes(blob);
        Files.write(dir.resolve("sub/deeper/b.bin"), blob);
        Files.createDirectories(dir.resolve("empty"));
        byte[] tarball = Tarballs.ofDirectory(dir);

        StagedInput staged =
                stage(inline(InlineSourceSpec.of("application/gzip", tarball).url(), "/inputs"));

        Path root = Path.of(staged.hostPath());
        assertThat(root).isDirectory();
        assertThat(staged.readOnly()).isTrue();
        assertThat(staged.target()).isEqualTo("/inputs");
        // The directory keeps its own name inside, as Bacalhau's CLI inlines it.
        assertThat(Files.readString(root.resolve("mydata/a.txt"))).isEqualTo("alpha\n");
        assertThat(Files.readAllBytes(root.resolve("mydata/sub/deeper/b.bin"))).isEqualTo(blob);
        assertThat(root.resolve("mydata/empty")).isEmptyDirectory();
        assertThat(staged.sizeBytes()).isEqualTo(6 + blob.length);
        assertThat(tree(root))
                .containsExactlyInAnyOrder(
                        "mydata",
                        "mydata/a.txt",
                        "mydata/empty",
                        "mydata/sub",
                        "mydata/sub/deeper",
                        "mydata/sub/deeper/b.bin");
    }

    @Test
    void maliciousTarballIsRefusedAsAnInvalidSpecNamingTheEntry() {
        byte[] tarball =
                Tarballs.build(
                        w ->
                                w.file("ok.txt", new byte[] {1})
                                        .raw("../../escape.txt", new byte[] {2}));

        assertThatThrownBy(
                        () ->
                                stage(
                                        inline(
                                                InlineSourceSpec.of("application/gzip", tarball)
                                                        .url(),
                                                "/in")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .contains("\"../../escape.txt\"")
                                    .contains("'..'");
                            assertThat(e.hint())
                                    .contains("relative names")
                                    .contains("10000 entries");
                        });
        assertThat(tmp.resolve("escape.txt")).doesNotExist();
        assertThat(tmp.resolve("exec/escape.txt")).doesNotExist();
        assertThat(tmp.resolve("exec/inputs/escape.txt")).doesNotExist();
    }

    @Test
    void gzipDataThatIsNotATarballIsRefused() {
        String url =
                InlineSourceSpec.of(
                                "application/gzip",
                                "not gzip at all".getBytes(StandardCharsets.UTF_8))
                        .url();

        assertThatThrownBy(() -> stage(inline(url, "/in")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                            assertThat(e.getMessage()).contains("not a valid gzip tar archive");
                        });
    }

    @Test
    void malformedDataUrlsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> stage(inline("http://example.com/x", "/in")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                            assertThat(e.getMessage())
                                    .contains("Params.URL")
                                    .contains("must be a data URL");
                        });
        assertThatThrownBy(() -> stage(inline("data:text/plain;base64,@@@notbase64", "/in")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.getMessage()).contains("not valid base64"));
        assertThatThrownBy(() -> stage(inline("data:text/plain;base64", "/in")))
                .isInstanceOfSatisfying(
                        CaravelException.class, e -> assertThat(e.getMessage()).contains("no ','"));
        assertThatThrownBy(() -> stage(input("inline", Map.of(), "/in")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.getMessage()).contains("url cannot be empty"));
    }

    @Test
    void dataAboveTheEncodedLimitIsRefused() {
        String url = "data:," + "a".repeat(InlineSourceSpec.MAX_ENCODED_BYTES);

        assertThatThrownBy(() -> stage(inline(url, "/in")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.getMessage()).contains("above the 1 MiB limit"));
    }

    @Test
    void typeIsInline() {
        assertThat(source.type()).isEqualTo("inline");
    }

    private static java.util.List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root))
                    .map(p -> root.relativize(p).toString())
                    .toList();
        }
    }
}
