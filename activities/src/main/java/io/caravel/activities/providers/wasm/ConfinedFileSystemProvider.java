package io.caravel.activities.providers.wasm;

import io.caravel.activities.providers.wasm.ConfinedFileSystem.Location;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations of {@link ConfinedFileSystem}s: each refuses changes to a read-only mount ({@link
 * AccessDeniedException}, which Chicory's WASI reports to the module as {@code EIO}; it has no
 * {@code EROFS}), finds where its paths lead inside their mount (or fails as if they were missing)
 * with {@link ConfinedFileSystem#resolve}, and acts there: relative to the open directory found,
 * without following a link, for what it reads, opens, removes and renames. Changes to a writable
 * mount are counted against its {@link DiskQuota}: a file opened for writing is a {@link
 * QuotaFileChannel}, a copy into the mount asks for its bytes first, and a removal or rename over a
 * file gives the file's bytes back.
 */
final class ConfinedFileSystemProvider extends FileSystemProvider {
    static final ConfinedFileSystemProvider INSTANCE = new ConfinedFileSystemProvider();

    private static final Set<OpenOption> WRITES =
            Set.of(
                    StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.DELETE_ON_CLOSE);

    private ConfinedFileSystemProvider() {}

    @Override
    public String getScheme() {
        return "caravel-wasm";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException(
                "module file systems are made by the wasm engine only");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException(
                "module file systems are made by the wasm engine only");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException(
                "module file systems are made by the wasm engine only");
    }

    @Override
    public FileChannel newFileChannel(
            Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        boolean writes = options.stream().anyMatch(WRITES::contains);
        if (writes) {
            p.confined().requireWritable(p);
        }
        DiskQuota quota = p.confined().quota();
        try (Location location =
                p.confined().resolve(p, !options.contains(LinkOption.NOFOLLOW_LINKS))) {
            if (quota == null || !writes) {
                return location.open(options, attrs);
            }
            BasicFileAttributes before = location.attributesOrNull();
            long truncated =
                    options.contains(StandardOpenOption.TRUNCATE_EXISTING)
                                    && before != null
                                    && before.isRegularFile()
                            ? before.size()
                            : 0;
            FileChannel file = location.open(options, attrs);
            try {
                quota.shrink(truncated);
                Object key = location.attributes().fileKey();
                return new QuotaFileChannel(
                        file, quota, key, options.contains(StandardOpenOption.APPEND));
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
        }
    }

    @Override
    public SeekableByteChannel newByteChannel(
            Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(
            Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        ConfinedPath p = ConfinedPath.of(dir);
        DirectoryStream<Path> host;
        try (Location location = p.confined().resolve(p, true)) {
            host = location.openDirectory();
        }
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
        try (Location location = p.confined().resolve(p, false)) {
            Files.createDirectory(location.host(), attrs);
        }
    }

    /**
     * Links within the mount only, stored relative to the link: Chicory hands over the target
     * resolved against the directory, which would otherwise put a host path in the link.
     */
    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs)
            throws IOException {
        ConfinedPath p = ConfinedPath.of(link);
        p.confined().requireWritable(p);
        try (Location location = p.confined().resolve(p, false)) {
            Path dir = location.dirHost();
            Path to = dir.resolve(ConfinedPath.host(target).toString()).normalize();
            if (!p.confined().contains(to)) {
                throw new AccessDeniedException(
                        p.toString(), target.toString(), "link target outside the mount");
            }
            Files.createSymbolicLink(location.host(), dir.relativize(to), attrs);
        }
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        ConfinedPath l = ConfinedPath.of(link);
        ConfinedPath e = ConfinedPath.of(existing);
        l.confined().requireWritable(l);
        // A hard link shares the file: one into a read-only mount would make that file writable.
        e.confined().requireWritable(e);
        try (Location at = l.confined().resolve(l, false);
                Location file = e.confined().resolve(e, false)) {
            Files.createLink(at.host(), file.host());
        }
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        ConfinedPath p = ConfinedPath.of(link);
        try (Location location = p.confined().resolve(p, false)) {
            if (!location.attributes().isSymbolicLink()) {
                throw new NotLinkException(p.toString());
            }
            Path target = Files.readSymbolicLink(location.host());
            return new ConfinedPath(
                    p.confined(), location.dirHost().resolve(target), target.toString());
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        p.confined().requireWritable(p);
        try (Location location = p.confined().resolve(p, false)) {
            BasicFileAttributes what = location.attributes();
            DiskQuota.Removal removal = removal(location, what);
            location.delete(what);
            p.confined().quota().removed(removal);
        }
    }

    /**
     * What {@link DiskQuota#removed} needs of the file at {@code location} ({@code what}), or null.
     */
    private static DiskQuota.Removal removal(Location location, BasicFileAttributes what)
            throws IOException {
        if (what == null || !what.isRegularFile()) {
            return null;
        }
        Object links = location.attributes("unix:nlink").get("nlink");
        return new DiskQuota.Removal(
                what.fileKey(), what.size(), links instanceof Number n ? n.intValue() : 1);
    }

    /**
     * A regular file is copied through channels opened where the paths lead (its bytes asked of the
     * target's quota first), a directory as an empty one, a link (not followed) as a link within
     * the mount.
     */
    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        ConfinedPath s = ConfinedPath.of(source);
        ConfinedPath t = ConfinedPath.of(target);
        t.confined().requireWritable(t);
        List<CopyOption> opts = Arrays.asList(options);
        boolean replace = opts.contains(StandardCopyOption.REPLACE_EXISTING);
        try (Location from = s.confined().resolve(s, !opts.contains(LinkOption.NOFOLLOW_LINKS));
                Location to = t.confined().resolve(t, false)) {
            BasicFileAttributes what = from.attributes();
            BasicFileAttributes there = to.attributesOrNull();
            if (there != null && what.fileKey() != null && what.fileKey().equals(there.fileKey())) {
                return;
            }
            if (there != null && !replace) {
                throw new FileAlreadyExistsException(t.toString());
            }
            if (what.isSymbolicLink()) {
                replaceWith(to, there, t);
                createSymbolicLink(
                        t, new ConfinedPath(s.confined(), Files.readSymbolicLink(from.host())));
                return;
            }
            DiskQuota quota = t.confined().quota();
            long bytes = what.isRegularFile() ? what.size() : 0;
            quota.grow(bytes);
            try {
                replaceWith(to, there, t);
                if (what.isDirectory()) {
                    Files.createDirectory(to.host());
                    return;
                }
                try (FileChannel in = from.open(Set.of(StandardOpenOption.READ));
                        FileChannel out =
                                to.open(
                                        Set.of(
                                                StandardOpenOption.WRITE,
                                                StandardOpenOption.CREATE_NEW))) {
                    long done = 0;
                    while (done < in.size()) {
                        done += in.transferTo(done, in.size() - done, out);
                    }
                }
            } catch (IOException | RuntimeException e) {
                quota.shrink(bytes);
                throw e;
            }
        }
    }

    /**
     * Removes {@code there}, what {@code to} holds, before a copy replaces it; its bytes go back.
     */
    private static void replaceWith(Location to, BasicFileAttributes there, ConfinedPath t)
            throws IOException {
        if (there != null) {
            DiskQuota.Removal replaced = removal(to, there);
            to.delete(there);
            t.confined().quota().removed(replaced);
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        ConfinedPath s = ConfinedPath.of(source);
        ConfinedPath t = ConfinedPath.of(target);
        s.confined().requireWritable(s);
        t.confined().requireWritable(t);
        try (Location from = s.confined().resolve(s, false);
                Location to = t.confined().resolve(t, false)) {
            BasicFileAttributes what = from.attributes();
            BasicFileAttributes there = to.attributesOrNull();
            boolean same =
                    there != null
                            && what.fileKey() != null
                            && what.fileKey().equals(there.fileKey());
            if (there != null
                    && !same
                    && !Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING)) {
                throw new FileAlreadyExistsException(t.toString());
            }
            DiskQuota.Removal replaced = there != null && !same ? removal(to, there) : null;
            from.moveTo(to);
            t.confined().quota().removed(replaced);
        }
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        ConfinedPath a = ConfinedPath.of(path);
        ConfinedPath b = ConfinedPath.of(path2);
        if (a.equals(b)) {
            return true;
        }
        try (Location first = a.confined().resolve(a, true);
                Location second = b.confined().resolve(b, true)) {
            Object key = first.attributes().fileKey();
            return key != null && key.equals(second.attributes().fileKey());
        }
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

    /** The path must lead to something; the modes are then checked at its host path. */
    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        if (Arrays.asList(modes).contains(AccessMode.WRITE)) {
            p.confined().requireWritable(p);
        }
        Path real = p.confined().real(p, true);
        if (modes.length > 0) {
            real.getFileSystem().provider().checkAccess(real, modes);
        }
    }

    /** Only the basic view, whose {@code setTimes} is refused on a read-only mount. */
    @Override
    public <V extends FileAttributeView> V getFileAttributeView(
            Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) {
            return null;
        }
        ConfinedPath p = ConfinedPath.of(path);
        return type.cast(
                new BasicFileAttributeView() {
                    @Override
                    public String name() {
                        return "basic";
                    }

                    @Override
                    public BasicFileAttributes readAttributes() throws IOException {
                        return ConfinedFileSystemProvider.this.readAttributes(
                                p, BasicFileAttributes.class, options);
                    }

                    @Override
                    public void setTimes(
                            FileTime lastModified, FileTime lastAccess, FileTime create)
                            throws IOException {
                        p.confined().requireWritable(p);
                        try (Location location = p.confined().resolve(p, follows(options))) {
                            location.setTimes(lastModified, lastAccess, create);
                        }
                    }
                });
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(
            Path path, Class<A> type, LinkOption... options) throws IOException {
        if (type != BasicFileAttributes.class) {
            throw new UnsupportedOperationException(
                    "only basic attributes in a module's file system");
        }
        ConfinedPath p = ConfinedPath.of(path);
        try (Location location = p.confined().resolve(p, follows(options))) {
            return type.cast(location.attributes());
        }
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        try (Location location = p.confined().resolve(p, follows(options))) {
            return location.attributes(attributes);
        }
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
            throws IOException {
        ConfinedPath p = ConfinedPath.of(path);
        p.confined().requireWritable(p);
        try (Location location = p.confined().resolve(p, follows(options))) {
            location.attributes();
            Files.setAttribute(location.host(), attribute, value, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static boolean follows(LinkOption... options) {
        return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
    }
}
