package io.caravel.activities.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TarGzTest {
    @TempDir Path tmp;

    private Path resultsTree() throws IOException {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Files.writeString(results.resolve("stdout"), "hello\n");
        Files.writeString(results.resolve("stderr"), "");
        Files.writeString(results.resolve("exitCode"), "0");
        Path outputs = Files.createDirectories(results.resolve("outputs"));
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        Files.write(outputs.resolve("data.bin"), big);
        Path deep =
                Files.createDirectories(outputs.resolve("a".repeat(90)).resolve("b".repeat(90)));
        Files.writeString(deep.resolve("long-name-" + "c".repeat(80) + ".txt"), "deep");
        Files.writeString(outputs.resolve("naïve.txt"), "unicode name");
        Files.createDirectories(results.resolve("empty"));
        return results;
    }

    @Test
    void roundTripThroughTheSafeExtractorGivesAnIdenticalTree() throws IOException {
        Path results = resultsTree();
        Path archive = tmp.resolve("published/e-1.tar.gz");
        long size = TarGz.write(results, archive);
        assertThat(size).isEqualTo(Files.size(archive)).isPositive();

        Path out = tmp.resolve("out/e-1");
        new SafeExtractor().extract(archive, out);

        assertThat(tree(out)).isEqualTo(tree(results));
        assertThat(Files.list(tmp.resolve("published"))).containsExactly(archive);
    }

    @Test
    void aParallelArchiveIsOneGzipStreamForTheExtractorAndForSystemTar() throws Exception {
        Path results = resultsTree();
        byte[] large = new byte[(5 << 20) + 123];
        new Random(11).nextBytes(large);
        Files.write(results.resolve("outputs/large.bin"), large);
        Path archive = tmp.resolve("parallel.tar.gz");
        try (var out = Files.newOutputStream(archive)) {
            TarGz.writeParallel(results, out, 3);
        }

        Path out = tmp.resolve("out-java");
        new SafeExtractor().extract(archive, out);
        assertThat(tree(out)).isEqualTo(tree(results));

        Path system = Files.createDirectories(tmp.resolve("out-tar"));
        Process tar =
                new ProcessBuilder("tar", "xzf", archive.toString(), "-C", system.toString())
                        .redirectErrorStream(true)
                        .start();
        assertThat(new String(tar.getInputStream().readAllBytes())).isEmpty();
        assertThat(tar.waitFor()).isZero();
        assertThat(tree(system)).isEqualTo(tree(results));
    }

    @Test
    void memberNamesAreRelativeInBacalhausLayoutAndSymlinksAreSkipped() throws IOException {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Files.writeString(results.resolve("stdout"), "x");
        Files.writeString(results.resolve("exitCode"), "0");
        Files.createDirectories(results.resolve("out"));
        Files.writeString(results.resolve("out/f"), "f");
        Files.createSymbolicLink(results.resolve("out/link"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(results.resolve("dirlink"), tmp);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarGz.write(results, bytes);

        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in =
                new TarArchiveInputStream(
                        new GZIPInputStream(new ByteArrayInputStream(bytes.toByteArray())))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
                assertThat(e.isFile() || e.isDirectory()).isTrue();
            }
        }
        assertThat(names).containsExactly("exitCode", "out/", "out/f", "stdout");
    }

    /**
     * Every file and directory under {@code root}: relative name to bytes (directories to "dir").
     */
    public static TreeMap<String, String> tree(Path root) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String name = root.relativize(p).toString();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(name, "dir");
                } else {
                    out.put(name, java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }
}
