package io.caravel.activities.results;

import io.caravel.activities.files.FileTrees;
import io.caravel.activities.files.TarGzExtractor;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacks a gzip tar archive that nobody vouches for. An entry whose name would leave the
 * destination (absolute, with a {@code ..} segment, empty) is left out and reported, never written,
 * so one bad name does not cost the other results; every other entry must be a regular file or a
 * directory: links of any kind, devices and FIFOs are refused, and so is an archive that has too
 * many entries or too many bytes. Entries are unpacked into a fresh directory next to the
 * destination, each resolved against its real path and checked to stay inside, and the directory
 * becomes the destination only when the whole archive was read: a refused archive leaves nothing
 * behind.
 */
public final class SafeExtractor {
    /** What one archive may hold. */
    public record Limits(long maxTotalBytes, long maxEntries, long maxFileBytes) {
        /** 10 GiB in all, 100,000 entries, 10 GiB per file. */
        public static final Limits DEFAULT = new Limits(10L << 30, 100_000, 10L << 30);

        public Limits {
            if (maxTotalBytes < 0 || maxEntries < 0 || maxFileBytes < 0) {
                throw new IllegalArgumentException(
                        "archive limits cannot be negative: "
                                + maxTotalBytes
                                + ", "
                                + maxEntries
                                + ", "
                                + maxFileBytes);
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

    /**
     * Unpacks the archive file {@code archive} into {@code destination}; see {@link
     * #extract(InputStream, Path)}.
     */
    public List<String> extract(Path archive, Path destination) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return extract(in, destination);
        }
    }

    /**
     * Unpacks the gzip tar read from {@code archive} into {@code destination}, which must not exist
     * yet; its parent is created if missing.
     *
     * @return why each entry left out for its name was left out (empty when none was)
     * @throws CaravelException ({@code UNSAFE_ARCHIVE}) naming the entry that was refused and why,
     *     with nothing left on disk
     * @throws IOException when the archive is not a gzip tar or cannot be read or written
     */
    public List<String> extract(InputStream archive, Path destination) throws IOException {
        Path target = destination.toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(
                    target.toString(), null, "results are unpacked into a new directory");
        }
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
        boolean done = false;
        try {
            List<String> skipped = unpack(archive, staging.toRealPath());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return skipped;
        } finally {
            if (!done) {
                FileTrees.delete(staging);
            }
        }
    }

    /**
     * Unpacks with the one extractor of the project, in this extractor's limits, translating its
     * refusals.
     */
    private List<String> unpack(InputStream archive, Path root) throws IOException {
        TarGzExtractor.Limits tarLimits =
                new TarGzExtractor.Limits(
                        (int) Math.min(Integer.MAX_VALUE, limits.maxEntries()),
                        limits.maxFileBytes(),
                        limits.maxTotalBytes());
        List<String> skipped = new ArrayList<>();
        try {
            new TarGzExtractor(tarLimits)
                    .skippingUnsafeNames(e -> skipped.add(e.getMessage()))
                    .extract(new BufferedInputStream(archive, BUFFER), root);
            return skipped;
        } catch (TarGzExtractor.RefusedException e) {
            if (e.entryName().isEmpty()) {
                throw new IOException(e.getMessage(), e.getCause());
            }
            throw new CaravelException(ErrorCode.UNSAFE_ARCHIVE, e.getMessage(), HINT);
        }
    }

    private static final String HINT =
            "results archives hold only regular files and directories under relative"
                    + " names; nothing was unpacked";
}
