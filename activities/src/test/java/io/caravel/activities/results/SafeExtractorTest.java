package io.caravel.activities.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafeExtractorTest {
    @TempDir Path tmp;

    interface Build {
        byte[] archive() throws IOException;
    }

    static Stream<Arguments> unsafeNames() {
        return Stream.of(
                Arguments.of(
                        "absolute path",
                        "/tmp/caravel-evil",
                        (Build)
                                () ->
                                        new Archives()
                                                .file("stdout", "ok")
                                                .file("/tmp/caravel-evil", "x")
                                                .bytes()),
                Arguments.of(
                        "parent escape",
                        "../x",
                        (Build)
                                () ->
                                        new Archives()
                                                .file("stdout", "ok")
                                                .file("../x", "x")
                                                .bytes()),
                Arguments.of(
                        "nested escape",
                        "a/../../x",
                        (Build)
                                () ->
                                        new Archives()
                                                .file("stdout", "ok")
                                                .dir("a")
                                                .file("a/../../x", "x")
                                                .bytes()),
                Arguments.of(
                        "dotdot inside",
                        "a/../b",
                        (Build)
                                () ->
                                        new Archives()
                                                .file("stdout", "ok")
                                                .file("a/../b", "x")
                                                .bytes()),
                Arguments.of(
                        "escaping directory",
                        "outputs/../../../",
                        (Build)
                                () ->
                                        new Archives()
                                                .file("stdout", "ok")
                                                .dir("outputs/../../..")
                                                .bytes()));
    }

    /**
     * One bad name does not cost the other results: the entry is left out, reported, and nothing
     * escapes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeNames")
    void leavesOutAnEntryWithAnUnsafeNameAndUnpacksTheRest(String what, String entry, Build build)
            throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path out = work.resolve("out");

        java.util.List<String> skipped =
                new SafeExtractor().extract(new ByteArrayInputStream(build.archive()), out);

        assertThat(skipped).singleElement().asString().contains("\"" + entry + "\"");
        assertThat(out.resolve("stdout")).hasContent("ok");
        assertThat(Files.list(work)).containsExactly(out);
        assertThat(Files.list(tmp)).containsExactly(work);
        assertThat(Path.of("/tmp/caravel-evil")).doesNotExist();
    }

    static Stream<Arguments> malicious() {
        return Stream.of(
                Arguments.of(
                        "symlink",
                        "link",
                        (Build) () -> new Archives().symlink("link", "/etc").bytes()),
                Arguments.of(
                        "symlink then write through it",
                        "link",
                        (Build)
                                () ->
                                        new Archives()
                                                .symlink("link", "..")
                                                .file("link/x", "x")
                                                .bytes()),
                Arguments.of(
                        "hard link",
                        "hard",
                        (Build) () -> new Archives().hardlink("hard", "/etc/passwd").bytes()),
                Arguments.of("device", "dev", (Build) () -> new Archives().device("dev").bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malicious")
    void refusesMaliciousEntriesAndLeavesNothing(String what, String entry, Build build)
            throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path out = work.resolve("out");

        assertThatThrownBy(
                        () ->
                                new SafeExtractor()
                                        .extract(new ByteArrayInputStream(build.archive()), out))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_ARCHIVE))
                .hasMessageContaining("\"" + entry + "\"");

        assertThat(Files.list(work)).isEmpty();
        assertThat(Files.list(tmp)).containsExactly(work);
    }

    @Test
    void refusesTooManyEntries() throws IOException {
        Archives archive = new Archives();
        for (int i = 0; i < 6; i++) {
            archive.file("f" + i, "x");
        }
        Path out = tmp.resolve("out");
        assertThatThrownBy(
                        () ->
                                new SafeExtractor(new SafeExtractor.Limits(1000, 5, 1000))
                                        .extract(new ByteArrayInputStream(archive.bytes()), out))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("\"f5\"")
                .hasMessageContaining("more than 5 entries");
        assertThat(Files.list(tmp)).isEmpty();
    }

    @Test
    void refusesTooManyBytesInAllAndInOneFile() throws IOException {
        byte[] twoFiles =
                new Archives().file("a", "x".repeat(60)).file("b", "y".repeat(60)).bytes();
        assertThatThrownBy(
                        () ->
                                new SafeExtractor(new SafeExtractor.Limits(100, 10, 100))
                                        .extract(
                                                new ByteArrayInputStream(twoFiles),
                                                tmp.resolve("out")))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("\"b\"")
                .hasMessageContaining("more than the limit of 100 bytes");
        assertThatThrownBy(
                        () ->
                                new SafeExtractor(new SafeExtractor.Limits(1000, 10, 50))
                                        .extract(
                                                new ByteArrayInputStream(twoFiles),
                                                tmp.resolve("out")))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("\"a\"")
                .hasMessageContaining("50 bytes per file");
        assertThat(Files.list(tmp)).isEmpty();
    }

    @Test
    void refusesAnExistingDestinationAndGarbage() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        byte[] ok = new Archives().file("stdout", "x").bytes();
        assertThatThrownBy(() -> new SafeExtractor().extract(new ByteArrayInputStream(ok), out))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThatThrownBy(
                        () ->
                                new SafeExtractor()
                                        .extract(
                                                new ByteArrayInputStream(new byte[] {1, 2, 3}),
                                                tmp.resolve("other")))
                .isInstanceOf(IOException.class);
        assertThat(Files.list(tmp)).containsExactly(out);
    }

    @Test
    void extractsPlainEntriesIncludingDotPrefixedNames() throws IOException {
        byte[] archive =
                new Archives()
                        .dir("./")
                        .file("./stdout", "hi")
                        .dir("outputs")
                        .file("outputs/a/b.txt", "b")
                        .bytes();
        Path out = tmp.resolve("out");
        new SafeExtractor().extract(new ByteArrayInputStream(archive), out);
        assertThat(out.resolve("stdout")).hasContent("hi");
        assertThat(out.resolve("outputs/a/b.txt")).hasContent("b");
    }
}
