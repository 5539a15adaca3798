package io.caravel.activities.results;

import io.caravel.activities.files.StorageNames;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a directory as a gzip tar archive in Bacalhau's results layout: member names relative to
 * the directory ({@code exitCode}, {@code stdout}, {@code outputs/}, {@code outputs/a.txt}), each a
 * canonical name checked by {@link StorageNames} before a byte is written (a name that cannot be
 * archived as it is fails the write, naming it), directories before their contents, names sorted so
 * one tree always gives one archive. Only regular files and directories are archived; a symbolic
 * link (or anything else) inside the tree is skipped and logged, never followed. Files are
 * streamed, never held in memory; names longer than ustar allows go in PAX {@code path} records.
 */
public final class TarGz {
    private static final Logger log = LoggerFactory.getLogger(TarGz.class);
    private static final int BUFFER = 64 * 1024;

    private TarGz() {}

    /**
     * Writes {@code dir} to {@code archive} through a temporary file in the same directory, moved
     * into place when complete, so a reader never sees half an archive.
     *
     * @return the archive's size in bytes
     */
    public static long write(Path dir, Path archive) throws IOException {
        Path parent = archive.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, "." + archive.getFileName(), ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                write(dir, out);
            }
            Files.move(
                    partial,
                    archive,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return Files.size(archive);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Writes {@code dir} as a gzip tar to {@code out}, which is finished but not closed. */
    public static void write(Path dir, OutputStream out) throws IOException {
        List<StorageNames.Entry> entries = StorageNames.list(dir.toRealPath());
        writeTar(entries, new GZIPOutputStream(new NonClosing(out), BUFFER));
    }

    /**
     * Like {@link #write(Path, OutputStream)}, compressing on {@code threads} threads: the gzip
     * stream is a sequence of members, one per MiB of tar (see {@link ParallelGzipOutputStream}).
     */
    public static void writeParallel(Path dir, OutputStream out, int threads) throws IOException {
        List<StorageNames.Entry> entries = StorageNames.list(dir.toRealPath());
        writeTar(entries, new ParallelGzipOutputStream(out, threads));
    }

    private static void writeTar(List<StorageNames.Entry> entries, OutputStream gzip)
            throws IOException {
        try (TarArchiveOutputStream tar =
                new TarArchiveOutputStream(new BufferedOutputStream(gzip, BUFFER))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            addEntries(tar, entries);
            tar.finish();
        }
    }

    private static void addEntries(TarArchiveOutputStream tar, List<StorageNames.Entry> entries)
            throws IOException {
        for (StorageNames.Entry e : entries) {
            Path child = e.path();
            BasicFileAttributes attrs = e.attributes();
            if (attrs.isDirectory()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.name() + "/");
                entry.setModTime(attrs.lastModifiedTime());
                entry.setMode(040755);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            } else if (attrs.isRegularFile()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.name());
                entry.setSize(attrs.size());
                entry.setModTime(attrs.lastModifiedTime());
                entry.setMode(Files.isExecutable(child) ? 0100755 : 0100644);
                tar.putArchiveEntry(entry);
                try (InputStream in = Files.newInputStream(child, LinkOption.NOFOLLOW_LINKS)) {
                    long copied = copy(in, tar, attrs.size());
                    if (copied != attrs.size()) {
                        throw new IOException(
                                child
                                        + " changed size while it was archived ("
                                        + attrs.size()
                                        + " bytes, then "
                                        + copied
                                        + ")");
                    }
                }
                tar.closeArchiveEntry();
            } else {
                log.warn(
                        "not archiving {}: only regular files and directories are published, and this is {}",
                        child,
                        attrs.isSymbolicLink() ? "a symbolic link" : "neither");
            }
        }
    }

    /**
     * Copies at most {@code limit} bytes; a file that grew is cut where its header said it ends.
     */
    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /**
     * Lets the tar and gzip streams be closed (which flushes the gzip trailer) without closing the
     * caller's.
     */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
