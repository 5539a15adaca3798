package io.caravel.activities.engines.wasm;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One directory pre-opened for a module, as a file system of its own: its paths are host paths,
 * and every operation on them goes through {@link ConfinedFileSystemProvider}, which first
 * resolves the path's symbolic links and refuses any whose real location lies outside this mount
 * (as if it did not exist), and refuses every change when the mount is read-only. Chicory's WASI
 * reaches files only through the {@link Path} it was given for a pre-opened directory, so handing
 * it {@link #root()} confines the module. A writable mount has a {@link DiskQuota}, shared by
 * every writable mount of the module, that bounds what it may write.
 *
 * <p>Checks and use are not atomic: a module is single-threaded and the only writer of its mounts
 * while it runs, and the file is opened at its resolved real path without following links, so a
 * link swapped in between cannot lead outside.
 */
final class ConfinedFileSystem extends FileSystem {
    private final Path realRoot;
    private final List<Path> allowed;
    private final boolean writable;
    private final DiskQuota quota;

    private ConfinedFileSystem(Path realRoot, List<Path> allowed, boolean writable, DiskQuota quota) {
        this.realRoot = realRoot;
        this.allowed = allowed;
        this.writable = writable;
        this.quota = quota;
    }

    /**
     * The root of a mount of {@code hostDir}.
     *
     * @param quota       what a writable mount may hold (with the module's other writable mounts);
     *     null for a read-only one
     * @param linkedFiles files outside {@code hostDir} that links inside it may lead to (the
     *     engine's own links to file inputs)
     */
    static Path mount(Path hostDir, DiskQuota quota, List<Path> linkedFiles) throws IOException {
        Path root = hostDir.toRealPath();
        List<Path> allowed = new ArrayList<>();
        allowed.add(root);
        for (Path file : linkedFiles) {
            allowed.add(file.toRealPath());
        }
        return new ConfinedFileSystem(root, List.copyOf(allowed), quota != null, quota).root();
    }

    Path root() {
        return new ConfinedPath(this, realRoot);
    }

    /** The quota of a writable mount; null for a read-only one. */
    DiskQuota quota() {
        return quota;
    }

    /** Refuses a change when the mount is read-only. */
    void requireWritable(ConfinedPath path) throws AccessDeniedException {
        if (!writable) {
            throw new AccessDeniedException(path.toString(), null, "read-only file system");
        }
    }

    /**
     * The host location {@code path} names, with every symbolic link resolved (the last one only
     * when {@code followLast}); a location outside the mount reads as missing.
     */
    Path real(ConfinedPath path, boolean followLast) throws IOException {
        Path host = path.host().toAbsolutePath().normalize();
        if (followLast) {
            Path real = null;
            try {
                real = host.toRealPath();
            } catch (NoSuchFileException missing) {
                // Not there: confine where it would be created, below.
            }
            if (real != null) {
                return inside(real, path);
            }
        }
        Path parent = host.getParent();
        Path real = inside(parent == null ? host : parent.toRealPath().resolve(host.getFileName()), path);
        if (followLast && Files.isSymbolicLink(real)) {
            throw new NoSuchFileException(path.toString(), null, "a link to nothing");
        }
        return real;
    }

    /** Whether {@code host}, taken lexically, lies inside the mount. */
    boolean contains(Path host) {
        Path normal = host.toAbsolutePath().normalize();
        return allowed.stream().anyMatch(normal::startsWith);
    }

    private Path inside(Path real, ConfinedPath asked) throws NoSuchFileException {
        if (!contains(real)) {
            throw new NoSuchFileException(asked.toString(), null, "outside the module's file system");
        }
        return real;
    }

    @Override
    public FileSystemProvider provider() {
        return ConfinedFileSystemProvider.INSTANCE;
    }

    @Override
    public void close() {
        // Nothing to release: the host file system stays open.
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return !writable;
    }

    @Override
    public String getSeparator() {
        return realRoot.getFileSystem().getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(root());
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        try {
            return List.of(Files.getFileStore(realRoot));
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic");
    }

    @Override
    public Path getPath(String first, String... more) {
        return new ConfinedPath(this, realRoot.getFileSystem().getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher host = realRoot.getFileSystem().getPathMatcher(syntaxAndPattern);
        return path -> host.matches(ConfinedPath.host(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("no user principals in a module's file system");
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("no watch service in a module's file system");
    }
}
