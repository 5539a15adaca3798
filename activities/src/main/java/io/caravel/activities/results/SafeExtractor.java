package io.caravel.activities.results;

import io.caravel.activities.files.FileTrees;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a gzip tar archive that nobody vouches for. Every entry must be a regular file or a
 * directory with a relative name that has no {@code ..} segment; links of any kind, devices and
 * FIFOs are refused, and so is an archive that has too many entries or too many bytes. Entries
 * are unpacked into a fresh directory next to the destination, each resolved against its real
 * path and checked to stay inside, and the directory becomes the destination only when the
 * whole archive was read: a refused archive leaves nothing behind.
 */
public final class SafeExtractor {
    /** What one archive may hold. */
    public record Limits(long maxTotalBytes, long maxEntries, long maxFileBytes) {
        /** 10 GiB in all, 100,000 entries, 10 GiB per file. */
        public static final Limits DEFAULT = new Limits(10L << 30, 100_000, 10L << 30);

        public Limits {
            if (maxTotalBytes < 0 || maxEntries < 0 || maxFileBytes < 0) {
                throw new IllegalArgumentException("archive limits cannot be negative: " + maxTotalBytes + ", "
                        + maxEntries + ", " + maxFileBytes);
            }
        }
    }

    private static final int BUFFER = 64 * 1024;

    private final Limits limits;

    public SafeExtractor() {
        this(Limits.DEFAULT);
    }

    public SafeExtractor(Limits limits) {
        this.limits = limits;
    }

    /** Unpacks the archive file {@code archive} into {@code destination}; see {@link #extract(InputStream, Path)}. */
    public void extract(Path archive, Path destination) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            extract(in, destination);
        }
    }

    /**
     * Unpacks the gzip tar read from {@code archive} into {@code destination}, which must not exist
     * yet; its parent is created if missing.
     *
     * @throws CaravelException ({@code UNSAFE_ARCHIVE}) naming the entry that was refused and why,
     *     with nothing left on disk
     * @throws IOException when the archive is not a gzip tar or cannot be read or written
     */
    public void extract(InputStream archive, Path destination) throws IOException {
        Path target = destination.toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "results are unpacked into a new directory");
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
        boolean done = false;
        try {
            unpack(archive, staging.toRealPath());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } finally {
            if (!done) {
                FileTrees.delete(staging);
            }
        }
    }

    private void unpack(InputStream archive, Path root) throws IOException {
        long entries = 0;
        long total = 0;
        byte[] buffer = new byte[BUFFER];
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(archive, BUFFER), BUFFER))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (++entries > limits.maxEntries()) {
                    throw refused(name, "the archive has more than " + limits.maxEntries() + " entries");
                }
                checkType(entry);
                Path path = resolve(root, name);
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    checkInside(root, path, name);
                    continue;
                }
                Files.createDirectories(path.getParent());
                checkInside(root, path.getParent(), name);
                long written = 0;
                try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    int n;
                    while ((n = tar.read(buffer)) > 0) {
                        written += n;
                        total += n;
                        if (written > limits.maxFileBytes()) {
                            throw refused(name, "the file is larger than the limit of " + limits.maxFileBytes()
                                    + " bytes per file");
                        }
                        if (total > limits.maxTotalBytes()) {
                            throw refused(name, "the archive unpacks to more than the limit of "
                                    + limits.maxTotalBytes() + " bytes");
                        }
                        out.write(buffer, 0, n);
                    }
                }
            }
        }
    }

    private static void checkType(TarArchiveEntry entry) {
        String name = entry.getName();
        if (entry.isSymbolicLink()) {
            throw refused(name, "it is a symbolic link (to \"" + entry.getLinkName() + "\"); links are never unpacked");
        }
        if (entry.isLink()) {
            throw refused(name, "it is a hard link (to \"" + entry.getLinkName() + "\"); links are never unpacked");
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw refused(name, "it is a device or FIFO; only regular files and directories are unpacked");
        }
        if (!entry.isDirectory() && !entry.isFile()) {
            throw refused(name, "it is neither a regular file nor a directory (type '" + (char) entry.getLinkFlag()
                    + "')");
        }
    }

    /** The entry's path under {@code root}, refusing names that are absolute or climb with {@code ..}. */
    static Path resolve(Path root, String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw refused(name, "the name is empty or holds a NUL character");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw refused(name, "the name is an absolute path");
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw refused(name, "the name climbs out with '..'");
            }
        }
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root)) {
            throw refused(name, "the name resolves to " + path + ", outside the output directory");
        }
        return path;
    }

    /** Checks, after creation, that the real path of {@code dir} is still inside {@code root}. */
    private static void checkInside(Path root, Path dir, String name) throws IOException {
        Path real = dir.toRealPath();
        if (!real.startsWith(root)) {
            throw refused(name, "its directory resolves to " + real + ", outside the output directory");
        }
    }

    private static CaravelException refused(String entry, String why) {
        return new CaravelException(ErrorCode.UNSAFE_ARCHIVE, "refused archive entry \"" + entry + "\": " + why,
                "results archives hold only regular files and directories under relative names; nothing was"
                        + " unpacked");
    }
}
