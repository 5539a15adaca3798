package io.caravel.activities.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds gzip tar archives for the tests, well-formed or hostile. */
public final class Tarballs {
    private Tarballs() {}

    /** Writes the archive {@code body} fills. */
    public static byte[] build(Consumer<Writer> body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar =
                new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            body.accept(new Writer(tar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A directory tree archived as the CLI does: entries named under the directory's own name. */
    public static byte[] ofDirectory(Path dir) {
        return build(
                w -> {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        for (Path p : walk.sorted().toList()) {
                            String name =
                                    dir.getFileName()
                                            + (p.equals(dir) ? "" : "/" + dir.relativize(p));
                            if (Files.isDirectory(p)) {
                                w.dir(name + "/");
                            } else {
                                w.file(name, Files.readAllBytes(p));
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** Adds entries to an archive being built. */
    public static final class Writer {
        private final TarArchiveOutputStream tar;

        Writer(TarArchiveOutputStream tar) {
            this.tar = tar;
        }

        public Writer file(String name, byte[] data) {
            return file(name, data, 0644);
        }

        public Writer file(String name, byte[] data, int mode) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(mode);
            return put(e, data);
        }

        public Writer dir(String name) {
            return put(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"), new byte[0]);
        }

        public Writer symlink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(target);
            return put(e, new byte[0]);
        }

        public Writer hardlink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
            e.setLinkName(target);
            return put(e, new byte[0]);
        }

        public Writer device(String name) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_CHR);
            e.setDevMajor(1);
            e.setDevMinor(3);
            return put(e, new byte[0]);
        }

        public Writer fifo(String name) {
            return put(new TarArchiveEntry(name, TarArchiveEntry.LF_FIFO), new byte[0]);
        }

        /** An entry whose name is kept as given (no normalising of a leading / or ..). */
        public Writer raw(String name, byte[] data) {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            return put(e, data);
        }

        private Writer put(TarArchiveEntry entry, byte[] data) {
            try {
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }
}
