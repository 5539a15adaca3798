package io.caravel.activities.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzExtractorTest {
    @TempDir Path tmp;

    Path scratch;
    Path outside;

    @BeforeEach
    void dirs() throws IOException {
        scratch = Files.createDirectories(tmp.resolve("exec/inputs/0/inline"));
        outside = Files.createDirectories(tmp.resolve("outside"));
    }

    private TarGzExtractor.Extracted extract(TarGzExtractor.Limits limits, byte[] tarball)
            throws Exception {
        return new TarGzExtractor(limits).extract(new ByteArrayInputStream(tarball), scratch);
    }

    /**
     * Extraction of the archive fails naming {@code entry} and saying {@code why}; nothing lands
     * outside.
     */
    private void assertRefused(
            TarGzExtractor.Limits limits,
            Consumer<Tarballs.Writer> archive,
            String entry,
            String why)
            throws IOException {
        byte[] tarball = Tarballs.build(archive);
        assertThatThrownBy(() -> extract(limits, tarball))
                .isInstanceOfSatisfying(
                        TarGzExtractor.RefusedException.class,
                        e -> {
                            assertThat(e.entryName()).isEqualTo(entry);
                            assertThat(e.getMessage()).contains("\"" + entry + "\"").contains(why);
                        });
        assertThat(outside).isEmptyDirectory();
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(p -> !p.startsWith(scratch)).filter(Files::isRegularFile))
                    .isEmpty();
        }
        try (Stream<Path> all = Files.walk(scratch)) {
            assertThat(all.filter(Files::isSymbolicLink)).isEmpty();
        }
    }

    private void assertRefused(Consumer<Tarballs.Writer> archive, String entry, String why)
            throws IOException {
        assertRefused(TarGzExtractor.Limits.DEFAULTS, archive, entry, why);
    }

    @Test
    void defaultLimitsAreTenThousandEntriesTenMibAFileSixtyFourMibInAll() {
        assertThat(TarGzExtractor.Limits.DEFAULTS)
                .isEqualTo(new TarGzExtractor.Limits(10_000, 10L * 1024 * 1024, 64L * 1024 * 1024));
    }

    @Test
    void extractsFilesAndDirectoriesAndCountsTheirBytes() throws Exception {
        byte[] tarball =
                Tarballs.build(
                        w ->
                                w.dir("./")
                                        .dir("./d")
                                        .file("./d/x.txt", new byte[] {1, 2, 3})
                                        .file("top.txt", new byte[] {4}));

        TarGzExtractor.Extracted done = extract(TarGzExtractor.Limits.DEFAULTS, tarball);

        assertThat(done).isEqualTo(new TarGzExtractor.Extracted(4, 4));
        assertThat(Files.readAllBytes(scratch.resolve("d/x.txt"))).containsExactly(1, 2, 3);
        assertThat(Files.readAllBytes(scratch.resolve("top.txt"))).containsExactly(4);
    }

    @Test
    void keepsExecutableBitsButNeverWriteAccessForOthers() throws Exception {
        byte[] tarball =
                Tarballs.build(
                        w ->
                                w.file("run.sh", new byte[] {'#'}, 04777)
                                        .file("all.txt", new byte[0], 0666)
                                        .file("mine", new byte[0], 0400));
        extract(TarGzExtractor.Limits.DEFAULTS, tarball);

        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(scratch.resolve("run.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(scratch.resolve("all.txt"))))
                .isEqualTo("rw-r--r--");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(scratch.resolve("mine"))))
                .isEqualTo("rw-------");
    }

    @Test
    void absolutePathsAreRefused() throws IOException {
        String absolute = outside.resolve("abs.txt").toString();
        assertRefused(
                w -> w.raw(absolute, new byte[] {1}), absolute, "absolute paths are not allowed");
        assertThat(outside.resolve("abs.txt")).doesNotExist();
    }

    @Test
    void dotDotIsRefusedWhereverItIs() throws IOException {
        assertRefused(w -> w.raw("../outside/up.txt", new byte[] {1}), "../outside/up.txt", "'..'");
        assertRefused(
                w -> w.raw("a/b/../../../../outside/deep.txt", new byte[] {1}),
                "a/b/../../../../outside/deep.txt",
                "'..'");
        assertRefused(w -> w.dir("ok/").dir("ok/.."), "ok/../", "'..'");
    }

    @Test
    void symbolicLinksAreRefused() throws IOException {
        assertRefused(
                w -> w.symlink("link", outside.toString()).file("link/through.txt", new byte[] {1}),
                "link",
                "symbolic links are not allowed");
        assertThat(scratch.resolve("link")).doesNotExist();
        assertRefused(
                w -> w.symlink("rel", "../../../outside"), "rel", "symbolic links are not allowed");
        assertThat(Files.exists(scratch.resolve("rel"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void hardLinksAreRefused() throws IOException {
        assertRefused(w -> w.hardlink("hl", "/etc/passwd"), "hl", "hard links are not allowed");
        assertRefused(
                w -> w.file("a", new byte[] {1}).hardlink("b", "a"),
                "b",
                "hard links are not allowed");
        assertThat(scratch.resolve("hl")).doesNotExist();
    }

    @Test
    void devicesAndFifosAreRefused() throws IOException {
        assertRefused(w -> w.device("null"), "null", "device files are not allowed");
        assertRefused(w -> w.fifo("pipe"), "pipe", "named pipes (FIFOs) are not allowed");
    }

    @Test
    void moreEntriesThanTheLimitAreRefused() throws IOException {
        assertRefused(
                w -> {
                    for (int i = 0; i <= 10_000; i++) {
                        w.dir("d/");
                    }
                },
                "d/",
                "more than 10000 entries");
    }

    @Test
    void aFileAboveThePerFileLimitIsRefusedBeforeItIsWritten() throws IOException {
        assertRefused(
                w -> w.file("big.bin", new byte[(10 << 20) + 1]),
                "big.bin",
                "10485761 bytes, above the limit of 10485760 bytes per file");
        assertThat(scratch.resolve("big.bin")).doesNotExist();
    }

    @Test
    void filesAddingUpAboveTheTotalLimitAreRefused() throws IOException {
        TarGzExtractor.Limits small = new TarGzExtractor.Limits(100, 1_000, 2_500);
        assertRefused(
                small,
                w ->
                        w.file("a", new byte[1_000])
                                .file("b", new byte[1_000])
                                .file("c", new byte[1_000]),
                "c",
                "more than the limit of 2500 bytes uncompressed");
    }

    @Test
    void aNameAppearingTwiceIsRefused() throws IOException {
        assertRefused(
                w -> w.file("same", new byte[] {1}).file("same", new byte[] {2}),
                "same",
                "appears twice");
        assertThat(Files.readAllBytes(scratch.resolve("same"))).containsExactly(1);
    }

    @Test
    void dataThatIsNotGzipIsRefusedAsMalformed() {
        assertThatThrownBy(() -> extract(TarGzExtractor.Limits.DEFAULTS, "plain text".getBytes()))
                .isInstanceOf(TarGzExtractor.RefusedException.class)
                .hasMessageStartingWith("not a valid gzip tar archive");
    }
}
