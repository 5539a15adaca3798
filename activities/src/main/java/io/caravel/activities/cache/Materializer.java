package io.caravel.activities.cache;

import io.caravel.activities.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a cache entry's tree into a job's directory without letting the job write into the cache:
 * directories are always new, files are hard links to the entry's read-only files ({@link
 * Mode#LINK}: no bytes copied) or copies ({@link Mode#COPY}). Hard links are safe only where a
 * read-only mode stops the job; a process that may write read-only files anyway (root, or a
 * capability such as {@code CAP_DAC_OVERRIDE}) gets copies, which {@link #probe} decides. A link
 * that fails (another file system, too many links) falls back to a copy.
 */
final class Materializer {
    private static final Logger log = LoggerFactory.getLogger(Materializer.class);
    private static final Set<PosixFilePermission> WRITE =
            EnumSet.of(
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_WRITE);

    enum Mode {
        LINK,
        COPY
    }

    private final Mode mode;

    Materializer(Mode mode) {
        this.mode = mode;
    }

    Mode mode() {
        return mode;
    }

    /**
     * {@link Mode#LINK} when this process cannot write a read-only file in {@code dir}, else {@link
     * Mode#COPY}.
     */
    static Materializer probe(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, "probe-", ".tmp");
            try {
                if (!Files.getFileStore(probe).supportsFileAttributeView("posix")) {
                    return new Materializer(Mode.COPY);
                }
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(probe);
                perms.removeAll(WRITE);
                Files.setPosixFilePermissions(probe, perms);
                Mode mode = Files.isWritable(probe) ? Mode.COPY : Mode.LINK;
                log.info(
                        "input cache in {}: stages by {}",
                        dir,
                        mode == Mode.LINK
                                ? "hard link of read-only files"
                                : "copy (this process may write read-only files, so links would not protect the cache)");
                return new Materializer(mode);
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the input cache directory " + dir, e);
        }
    }

    /**
     * Recreates the children of {@code from} under {@code to} (existing): new directories, linked
     * or copied files.
     */
    void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(
                from,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                            throws IOException {
                        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        if (!attrs.isRegularFile()) {
                            throw new IOException(
                                    "the input cache entry holds "
                                            + file
                                            + ", which is not a regular file");
                        }
                        Path target = to.resolve(from.relativize(file).toString());
                        if (mode == Mode.LINK) {
                            try {
                                Files.createLink(target, file);
                                return FileVisitResult.CONTINUE;
                            } catch (IOException | UnsupportedOperationException e) {
                                log.debug("cannot link {}; copying it: {}", file, e.toString());
                            }
                        }
                        copyFile(file, target);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    /**
     * Copies one file with {@link FileChannel#transferTo}, which the kernel can do without passing
     * the bytes through the JVM; the copy keeps the source's permissions.
     */
    private static void copyFile(Path from, Path to) throws IOException {
        try (FileChannel in =
                        FileChannel.open(from, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                FileChannel out =
                        FileChannel.open(
                                to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            long done = 0;
            while (done < size) {
                done += in.transferTo(done, size - done, out);
            }
        }
        if (Files.getFileStore(to).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(
                    to, Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** Takes the write bits off every regular file under {@code root}. */
    static void makeReadOnly(Path root) throws IOException {
        if (!Files.getFileStore(root).supportsFileAttributeView("posix")) {
            return;
        }
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        if (attrs.isRegularFile()) {
                            Set<PosixFilePermission> perms =
                                    Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                            perms.removeAll(WRITE);
                            perms.add(PosixFilePermission.OWNER_READ);
                            Files.setPosixFilePermissions(file, perms);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    /** The bytes of the regular files under {@code root} (a file counts itself). */
    static long sizeOf(Path root) throws IOException {
        AtomicLong total = new AtomicLong();
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile()) {
                            total.addAndGet(attrs.size());
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        return total.get();
    }

    static void deleteQuietly(Path path) {
        try {
            FileTrees.delete(path);
        } catch (IOException e) {
            log.warn("input cache: cannot delete {}: {}", path, e.toString());
        }
    }
}
