package io.caravel.activities.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts a gzip-compressed tar archive into an empty directory, refusing anything that could
 * write outside it or fill the disk: absolute names, {@code ..} segments, links of any kind
 * (symbolic and hard), device files, FIFOs and other special entries, names that appear twice, and
 * archives above the {@link Limits}. Only directories and regular files are created; a file keeps
 * the executable bits of its mode, never set-id bits or write access for others. Links are never
 * created, so a name cannot be redirected through one.
 */
public final class TarGzExtractor {
    private static final int BUFFER = 64 * 1024;
    private static final String GZIP_TAR = "gzip tar";

    private final Limits limits;

    /**
     * Told each entry left out for its name when such entries are skipped; null when they are
     * refused.
     */
    private final Consumer<RefusedException> skippedName;

    /**
     * What one archive may hold.
     *
     * @param maxEntries the most entries (files and directories) it may have
     * @param maxFileBytes the largest one file may be, uncompressed
     * @param maxTotalBytes the most all files together may be, uncompressed
     */
    public record Limits(int maxEntries, long maxFileBytes, long maxTotalBytes) {
        /**
         * 10,000 entries, 10 MiB a file (Bacalhau's per-file cap in its tarball helper is 10 MB),
         * 64 MiB in all: an inline tarball is at most 1 MiB compressed, so anything larger is a
         * compression bomb rather than data.
         */
        public static final Limits DEFAULTS = new Limits(10_000, 10L << 20, 64L << 20);

        public Limits {
            if (maxEntries < 1 || maxFileBytes < 0 || maxTotalBytes < 0) {
                throw new IllegalArgumentException(
                        "archive limits must be positive: "
                                + maxEntries
                                + " entries, "
                                + maxFileBytes
                                + " bytes a file, "
                                + maxTotalBytes
                                + " bytes in all");
            }
        }
    }

    /** What an extraction wrote: the number of entries and the bytes of file content. */
    public record Extracted(int entries, long bytes) {}

    /** The archive is malformed or holds something refused; names the entry where there is one. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String entryName;

        RefusedException(String entryName, String message, Throwable cause) {
            super(message, cause);
            this.entryName = entryName;
        }

        /**
         * The name of the refused entry as the archive spells it; empty when no entry is to blame.
         */
        public String entryName() {
            return entryName;
        }
    }

    public TarGzExtractor(Limits limits) {
        this(limits, null);
    }

    private TarGzExtractor(Limits limits, Consumer<RefusedException> skippedName) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.skippedName = skippedName;
    }

    /**
     * An extractor that leaves out, rather than refuses, an entry whose name would write outside
     * the directory (absolute, {@code ..}, empty, NUL) and tells {@code skipped} why; nothing is
     * written for it. Every other refusal (links, devices, limits, a malformed archive) still stops
     * the extraction. Used for results, where one bad name must not cost the others.
     */
    public TarGzExtractor skippingUnsafeNames(Consumer<RefusedException> skipped) {
        return new TarGzExtractor(limits, Objects.requireNonNull(skipped, "skipped"));
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Extracts the gzip tar archive read from {@code gzipTar} into {@code dir}, which must exist
     * and should be empty. Stops at the first refused entry; what was extracted before it stays.
     *
     * @throws RefusedException when the archive is not a gzip tar archive or holds a refused entry
     * @throws IOException when writing into {@code dir} fails
     */
    public Extracted extract(InputStream gzipTar, Path dir) throws RefusedException, IOException {
        checkDirectory(dir);
        TarArchiveInputStream tar;
        try {
            // Concatenated gzip members are one stream (RFC 1952), as parallel compressors write
            // it.
            tar = new TarArchiveInputStream(new GzipCompressorInputStream(gzipTar, true));
        } catch (IOException e) {
            throw malformed(GZIP_TAR, "", e);
        }
        return extractEntries(tar, dir, GZIP_TAR);
    }

    /**
     * {@link #extract} for an uncompressed tar archive (as Kubo's {@code get} sends), with the same
     * refusals and limits.
     */
    public Extracted extractTar(InputStream tar, Path dir) throws RefusedException, IOException {
        checkDirectory(dir);
        return extractEntries(new TarArchiveInputStream(tar), dir, "tar");
    }

    private static void checkDirectory(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(root + " is not a directory");
        }
    }

    private Extracted extractEntries(TarArchiveInputStream tar, Path dir, String format)
            throws RefusedException, IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (tar) {
            int entries = 0;
            long total = 0;
            byte[] buffer = new byte[BUFFER];
            while (true) {
                TarArchiveEntry entry = nextEntry(tar, format);
                if (entry == null) {
                    return new Extracted(entries, total);
                }
                String name = entry.getName();
                if (++entries > limits.maxEntries()) {
                    throw refused(
                            name, "the archive has more than " + limits.maxEntries() + " entries");
                }
                checkType(entry);
                Path target;
                try {
                    target = resolve(root, name);
                } catch (RefusedException e) {
                    if (skippedName == null) {
                        throw e;
                    }
                    // The tar stream skips the entry's data when the next entry is read.
                    skippedName.accept(e);
                    continue;
                }
                if (entry.isDirectory()) {
                    createDirectory(target, name);
                    continue;
                }
                if (target.equals(root)) {
                    throw refused(name, "a file entry names the extraction directory itself");
                }
                long size = entry.getSize();
                if (size > limits.maxFileBytes()) {
                    throw refused(
                            name,
                            "the file is "
                                    + size
                                    + " bytes, above the limit of "
                                    + limits.maxFileBytes()
                                    + " bytes per file");
                }
                if (total + size > limits.maxTotalBytes()) {
                    throw refused(
                            name,
                            "the files add up to more than the limit of "
                                    + limits.maxTotalBytes()
                                    + " bytes uncompressed");
                }
                total += writeFile(tar, entry, target, buffer, format);
            }
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, String format)
            throws RefusedException {
        try {
            return tar.getNextEntry();
        } catch (IOException | RuntimeException e) {
            throw malformed(format, "", e);
        }
    }

    private static void checkType(TarArchiveEntry entry) throws RefusedException {
        String name = entry.getName();
        if (entry.isSymbolicLink()) {
            throw refused(
                    name,
                    "symbolic links are not allowed (it points to "
                            + quoted(entry.getLinkName())
                            + ")");
        }
        if (entry.isLink()) {
            throw refused(
                    name,
                    "hard links are not allowed (it links to " + quoted(entry.getLinkName()) + ")");
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            throw refused(name, "device files are not allowed");
        }
        if (entry.isFIFO()) {
            throw refused(name, "named pipes (FIFOs) are not allowed");
        }
        if (entry.isDirectory()) {
            return;
        }
        byte flag = entry.getLinkFlag();
        boolean regular =
                flag == TarConstants.LF_NORMAL
                        || flag == TarConstants.LF_OLDNORM
                        || flag == TarConstants.LF_CONTIG;
        if (!regular || entry.isSparse()) {
            throw refused(
                    name,
                    "entry type '"
                            + (char) flag
                            + "' is not allowed; only regular files and "
                            + "directories are extracted");
        }
    }

    /**
     * The path of {@code name} under {@code root}; refuses absolute names, {@code ..} and anything
     * else leaving it.
     */
    private static Path resolve(Path root, String name) throws RefusedException {
        if (name.isEmpty()) {
            throw refused(name, "the entry has an empty name");
        }
        if (name.indexOf('\0') >= 0) {
            throw refused(name, "the name holds a NUL character");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw refused(
                    name,
                    "absolute paths are not allowed; names must be relative to the archive's root");
        }
        StringBuilder relative = new StringBuilder();
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw refused(
                        name,
                        "'..' is not allowed in names; it would write outside the extraction directory");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            relative.append(relative.length() == 0 ? "" : "/").append(segment);
        }
        Path target = root.resolve(relative.toString()).normalize();
        if (!target.startsWith(root)) {
            throw refused(name, "the name resolves outside the extraction directory");
        }
        return target;
    }

    private static void createDirectory(Path target, String name)
            throws RefusedException, IOException {
        try {
            Files.createDirectories(target);
        } catch (FileAlreadyExistsException e) {
            throw refused(name, "a file of the same name is already in the archive");
        }
    }

    private static long writeFile(
            TarArchiveInputStream tar,
            TarArchiveEntry entry,
            Path target,
            byte[] buffer,
            String format)
            throws RefusedException, IOException {
        Files.createDirectories(target.getParent());
        long written = 0;
        OutputStream out;
        try {
            out =
                    Files.newOutputStream(
                            target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw refused(entry.getName(), "the name appears twice in the archive");
        }
        try (out) {
            while (true) {
                int n;
                try {
                    n = tar.read(buffer);
                } catch (IOException | RuntimeException e) {
                    throw malformed(format, entry.getName(), e);
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                written += n;
            }
        }
        if (Files.getFileStore(target).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        }
        return written;
    }

    /**
     * The file's mode without set-id bits or write access for others; the owner may always read and
     * write.
     */
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out =
                EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        PosixFilePermission[] bits = {
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_EXECUTE
        };
        int[] masks = {0100, 040, 010, 04, 01};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & masks[i]) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }

    private static RefusedException refused(String name, String why) {
        return new RefusedException(
                name, "archive entry " + quoted(name) + " refused: " + why, null);
    }

    private static RefusedException malformed(String format, String name, Throwable cause) {
        String where = name.isEmpty() ? "" : " at entry " + quoted(name);
        return new RefusedException(
                name,
                "not a valid " + format + " archive" + where + ": " + cause.getMessage(),
                cause);
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
