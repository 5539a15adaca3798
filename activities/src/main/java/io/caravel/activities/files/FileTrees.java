package io.caravel.activities.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes and measures directory trees without following symbolic links: a link is removed, never
 * what it points at, so a tree planted with links to elsewhere cannot make a clean-up delete
 * outside it.
 */
public final class FileTrees {
    private FileTrees() {}

    /** Deletes {@code root} and everything below it; a missing root or entry is fine. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e)
                            throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e)
                            throws IOException {
                        if (e != null && !(e instanceof NoSuchFileException)) {
                            throw e;
                        }
                        Files.deleteIfExists(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    /**
     * The total size of the regular files below {@code root} (links not followed); 0 when it is
     * missing.
     */
    public static long regularFileBytes(Path root) throws IOException {
        return regularFileBytes(root, false);
    }

    /**
     * As {@link #regularFileBytes(Path)}, for a tree that something is writing: entries that vanish
     * or cannot be read while it is walked are skipped (a later measurement sees them), and it
     * never fails.
     */
    public static long regularFileBytesSoFar(Path root) {
        try {
            return regularFileBytes(root, true);
        } catch (IOException e) {
            return 0; // the root itself went or cannot be read
        }
    }

    private static long regularFileBytes(Path root, boolean skipUnreadable) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        long[] total = {0};
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile()) {
                            total[0] += attrs.size();
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e)
                            throws IOException {
                        if (skipUnreadable) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        return total[0];
    }
}
