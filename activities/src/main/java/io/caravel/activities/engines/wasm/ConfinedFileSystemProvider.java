package io.caravel.activities.engines.wasm;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The operations of {@link ConfinedFileSystem}s: each resolves its paths to real host locations
 * inside their mount (or fails as if they were missing), refuses changes to a read-only mount
 * ({@link AccessDeniedException}, which Chicory's WASI reports to the module as {@code EIO}; it
 * has no {@code EROFS}), and then acts on the real location without following links. Changes to
 * a writable mount are counted against its {@link DiskQuota}: a file opened for writing is a
 * {@link QuotaFileChannel}, a copy into the mount asks for its bytes first, and a removal or
 * rename over a file gives the file's bytes back.
 */
final class ConfinedFileSystemProvider extends FileSystemProvider {
    static final ConfinedFileSystemProvider INSTANCE = new ConfinedFileSystemProvider();

    private static final Set<OpenOption> WRITES = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.DELETE_ON_CLOSE);

    private ConfinedFileSystemProvider() {
    }

    @Override
    public String getScheme() {
        return "caravel-wasm";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("module file systems are made by the wasm engine only");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("module file systems are made by the wasm engine only");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("module file systems are made by the wasm engine only");
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        if (options.stream().anyMatch(WRITES::contains)) {
            p.confined().requireWritable(p);
        }
        Path real = p.confined().real(p, !options.contains(LinkOption.NOFOLLOW_LINKS));
        Set<OpenOption> noFollow = new HashSet<>(options);
        noFollow.add(LinkOption.NOFOLLOW_LINKS);
        DiskQuota quota = p.confined().quota();
        if (quota == null || options.stream().noneMatch(WRITES::contains)) {
            return FileChannel.open(real, noFollow, attrs);
        }
        long truncated = options.contains(StandardOpenOption.TRUNCATE_EXISTING) && Files.isRegularFile(real,
                LinkOption.NOFOLLOW_LINKS) ? Files.size(real) : 0;
        FileChannel file = FileChannel.open(real, noFollow, attrs);
        try {
            quota.shrink(truncated);
            Object key = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return new QuotaFileChannel(file, quota, key, options.contains(StandardOpenOption.APPEND));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attrs) throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        ConfinedPath p = ConfinedPath.of(dir);
        DirectoryStream<Path> host = Files.newDirectoryStream(p.confined().real(p, true));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> entries = host.iterator();
                return new Iterator<>() {
                    private Path next;

                    @Override
                    public boolean hasNext() {
                        while (next == null && entries.hasNext()) {
                            Path entry = p.resolve(entries.next().getFileName().toString());
                            try {
                                next = filter.accept(entry) ? entry : null;
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                        return next != null;
                    }

                    @Override
                    public Path next() {
                        if (!hasNext()) {
                            throw new java.util.NoSuchElementException();
                        }
                        Path entry = next;
                        next = null;
                        return entry;
                    }
                };
            }

            @Override
            public void close() throws IOException {
                host.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        ConfinedPath p = ConfinedPath.of(dir);
        p.confined().requireWritable(p);
        Files.createDirectory(p.confined().real(p, false), attrs);
    }

    /**
     * Links within the mount only, stored relative to the link: Chicory hands over the target
     * resolved against the directory, which would otherwise put a host path in the link.
     */
    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        ConfinedPath p = ConfinedPath.of(link);
        p.confined().requireWritable(p);
        Path real = p.confined().real(p, false);
        Path to = real.getParent().resolve(ConfinedPath.host(target).toString()).normalize();
        if (!p.confined().contains(to)) {
            throw new AccessDeniedException(p.toString(), target.toString(), "link target outside the mount");
        }
        Files.createSymbolicLink(real, real.getParent().relativize(to), attrs);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        ConfinedPath l = ConfinedPath.of(link);
        ConfinedPath e = ConfinedPath.of(existing);
        l.confined().requireWritable(l);
        // A hard link shares the file: one into a read-only mount would make that file writable.
        e.confined().requireWritable(e);
        Files.createLink(l.confined().real(l, false), e.confined().real(e, false));
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        ConfinedPath p = ConfinedPath.of(link);
        Path real = p.confined().real(p, false);
        Path target = Files.readSymbolicLink(real);
        return new ConfinedPath(p.confined(), real.getParent().resolve(target), target.toString());
    }

    @Override
    public void delete(Path path) throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        p.confined().requireWritable(p);
        Path real = p.confined().real(p, false);
        DiskQuota.Removal removal = DiskQuota.removal(real);
        Files.delete(real);
        p.confined().quota().removed(removal);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        ConfinedPath s = ConfinedPath.of(source);
        ConfinedPath t = ConfinedPath.of(target);
        t.confined().requireWritable(t);
        boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
        Path from = s.confined().real(s, follow);
        Path to = t.confined().real(t, false);
        DiskQuota quota = t.confined().quota();
        long bytes = Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS) ? Files.size(from) : 0;
        DiskQuota.Removal replaced = Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING)
                && Files.exists(to, LinkOption.NOFOLLOW_LINKS) && !Files.isSameFile(from, to)
                ? DiskQuota.removal(to) : null;
        quota.grow(bytes);
        try {
            Files.copy(from, to, withNoFollow(options));
        } catch (IOException | RuntimeException e) {
            quota.shrink(bytes);
            throw e;
        }
        quota.removed(replaced);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        ConfinedPath s = ConfinedPath.of(source);
        ConfinedPath t = ConfinedPath.of(target);
        s.confined().requireWritable(s);
        t.confined().requireWritable(t);
        Path from = s.confined().real(s, false);
        Path to = t.confined().real(t, false);
        DiskQuota.Removal replaced = Files.exists(to, LinkOption.NOFOLLOW_LINKS) && !Files.isSameFile(from, to)
                ? DiskQuota.removal(to) : null;
        Files.move(from, to, options);
        t.confined().quota().removed(replaced);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        ConfinedPath a = ConfinedPath.of(path);
        ConfinedPath b = ConfinedPath.of(path2);
        return Files.isSameFile(a.confined().real(a, true), b.confined().real(b, true));
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = ConfinedPath.host(path).getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        return Files.getFileStore(p.confined().real(p, true));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        if (Arrays.asList(modes).contains(AccessMode.WRITE)) {
            p.confined().requireWritable(p);
        }
        Path real = p.confined().real(p, true);
        real.getFileSystem().provider().checkAccess(real, modes);
    }

    /** Only the basic view, whose {@code setTimes} is refused on a read-only mount. */
    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) {
            return null;
        }
        ConfinedPath p = ConfinedPath.of(path);
        boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
        return type.cast(new BasicFileAttributeView() {
            @Override
            public String name() {
                return "basic";
            }

            @Override
            public BasicFileAttributes readAttributes() throws IOException {
                return ConfinedFileSystemProvider.this.readAttributes(p, BasicFileAttributes.class, options);
            }

            @Override
            public void setTimes(FileTime lastModified, FileTime lastAccess, FileTime create) throws IOException {
                p.confined().requireWritable(p);
                Files.getFileAttributeView(p.confined().real(p, follow), BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).setTimes(lastModified, lastAccess, create);
            }
        });
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        return Files.readAttributes(real(p, options), type, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        return Files.readAttributes(real(p, options), attributes, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        p.confined().requireWritable(p);
        Files.setAttribute(real(p, options), attribute, value, LinkOption.NOFOLLOW_LINKS);
    }

    private static Path real(ConfinedPath p, LinkOption... options) throws IOException {
        return p.confined().real(p, !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS));
    }

    private static CopyOption[] withNoFollow(CopyOption... options) {
        CopyOption[] out = Arrays.copyOf(options, options.length + 1);
        out[options.length] = LinkOption.NOFOLLOW_LINKS;
        return out;
    }
}
