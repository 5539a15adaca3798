package io.caravel.activities.providers.wasm;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One directory pre-opened for a module, as a file system of its own: its paths are host paths, and
 * every operation on them goes through {@link ConfinedFileSystemProvider}, which finds the path's
 * file with {@link #resolve} and acts on it there, and refuses every change when the mount is
 * read-only. Chicory's WASI reaches files only through the {@link Path} it was given for a
 * pre-opened directory, so handing it {@link #root()} confines the module. A writable mount has a
 * {@link DiskQuota}, shared by every writable mount of the module, that bounds what it may write.
 *
 * <p>The mount's directory is opened when it is mounted, and stays open until {@link #close()}; a
 * path is then followed from that open directory one name at a time, each directory opened relative
 * to the one before without following a link ({@code openat} with {@code O_NOFOLLOW}, through
 * {@link SecureDirectoryStream}), and a link met on the way is followed by reading its target and
 * following that within the mount in turn. So what a path reaches does not depend on what the names
 * above the mount lead to, and a directory inside it swapped for a link while the module runs (by a
 * docker job with the area mounted read-write, say) leads nowhere outside: a link whose target lies
 * outside the mount reads as missing. The target of a link is read by its host path, which a swap
 * could change; whatever target is read is followed within the mount.
 *
 * <p>Changes to a writable mount (creating a directory or link, setting times) are made by the host
 * path of the directory found this way: only the module, single-threaded, writes its result
 * directories.
 */
final class ConfinedFileSystem extends FileSystem {
    private static final int MAX_LINKS = 40;
    private static final Path SELF = Path.of(".");

    private final Path realRoot;
    private final SecureDirectoryStream<Path> rootDir;
    private final Map<Path, Pinned> linkedFiles;
    private final boolean writable;
    private final DiskQuota quota;
    private volatile boolean open = true;

    /**
     * A host path to mount. {@code asChecked}: it is the real path the allow-list judged (a {@code
     * local} input) and must still be, with no link anywhere in it; otherwise it is the worker's
     * own and its real path is mounted.
     */
    record Host(Path path, boolean asChecked) {}

    /**
     * A file outside the mount that the engine's links in it lead to: its open directory and name.
     */
    private record Pinned(SecureDirectoryStream<Path> dir, Path dirHost, Path name) {}

    private ConfinedFileSystem(
            Path realRoot,
            SecureDirectoryStream<Path> rootDir,
            Map<Path, Pinned> linkedFiles,
            DiskQuota quota) {
        this.realRoot = realRoot;
        this.rootDir = rootDir;
        this.linkedFiles = linkedFiles;
        this.writable = quota != null;
        this.quota = quota;
    }

    /** {@link #mount(Host, DiskQuota, List)} of the worker's own {@code hostDir} and files. */
    static Path mount(Path hostDir, DiskQuota quota, List<Path> linkedFiles) throws IOException {
        return mount(
                new Host(hostDir, false),
                quota,
                linkedFiles.stream().map(f -> new Host(f, false)).toList());
    }

    /**
     * The root of a mount of {@code dir}, opened now; close it with its file system.
     *
     * @param quota what a writable mount may hold (with the module's other writable mounts); null
     *     for a read-only one
     * @param linkedFiles files outside {@code dir} that links inside it may lead to (the engine's
     *     own links to file inputs, by the path the links name), each opened by its directory now
     * @throws IOException when a directory or file is missing, or one {@code asChecked} is no
     *     longer its own real path (a {@link FileSystemException} saying so)
     */
    static Path mount(Host dir, DiskQuota quota, List<Host> linkedFiles) throws IOException {
        Path real =
                dir.asChecked() ? dir.path().toAbsolutePath().normalize() : dir.path().toRealPath();
        SecureDirectoryStream<Path> rootDir = openDirectory(real);
        Map<Path, Pinned> pinned = new HashMap<>();
        try {
            for (Host file : linkedFiles) {
                Path at =
                        file.asChecked()
                                ? file.path().toAbsolutePath().normalize()
                                : file.path().toRealPath();
                if (at.getParent() == null) {
                    throw new FileSystemException(at.toString(), null, "not a file");
                }
                SecureDirectoryStream<Path> parent = openDirectory(at.getParent());
                pinned.put(
                        file.path().toAbsolutePath().normalize(),
                        new Pinned(parent, at.getParent(), at.getFileName()));
                BasicFileAttributes a = attributesOrNull(parent, at.getFileName());
                if (a != null && a.isSymbolicLink()) {
                    throw new FileSystemException(at.toString(), null, at + " is a symbolic link");
                }
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(rootDir);
            pinned.values().forEach(p -> closeQuietly(p.dir()));
            throw e;
        }
        return new ConfinedFileSystem(real, rootDir, Map.copyOf(pinned), quota).root();
    }

    /** {@code dir} (absolute, normalised) opened from the file system root, following no link. */
    private static SecureDirectoryStream<Path> openDirectory(Path dir) throws IOException {
        DirectoryStream<Path> top = Files.newDirectoryStream(dir.getRoot());
        if (!(top instanceof SecureDirectoryStream<Path> current)) {
            top.close();
            throw new FileSystemException(
                    dir.toString(),
                    null,
                    "this platform cannot open directories relative to one another; the wasm engine needs it");
        }
        Path at = dir.getRoot();
        for (Path name : dir) {
            at = at.resolve(name);
            SecureDirectoryStream<Path> next;
            try {
                next = current.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                BasicFileAttributes a = attributesOrNull(current, name);
                current.close();
                String why =
                        a == null
                                ? " is missing"
                                : a.isSymbolicLink()
                                        ? " is a symbolic link"
                                        : " cannot be opened as a directory ("
                                                + e.getMessage()
                                                + ")";
                throw new FileSystemException(dir.toString(), null, at + why);
            }
            current.close();
            current = next;
        }
        return current;
    }

    private static BasicFileAttributes attributesOrNull(SecureDirectoryStream<Path> dir, Path name)
            throws IOException {
        try {
            return dir.getFileAttributeView(
                            name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing a directory handle: nothing left to do about it.
        }
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
     * Where {@code path} leads, its links followed within the mount (the last one only when {@code
     * followLast}): a name in an open directory, whether or not that name exists. Close it after
     * use.
     *
     * @throws NoSuchFileException when the path, or a link on its way, leads outside the mount or a
     *     directory on its way is missing
     */
    Location resolve(ConfinedPath path, boolean followLast) throws IOException {
        return new Resolution(path).run(followLast);
    }

    /** The host location {@code path} leads to, as {@link #resolve}; it must exist. */
    Path real(ConfinedPath path, boolean followLast) throws IOException {
        try (Location location = resolve(path, followLast)) {
            location.attributes();
            return location.host();
        }
    }

    /**
     * Whether {@code host}, taken lexically, lies inside the mount or is one of its linked files.
     */
    boolean contains(Path host) {
        Path normal = host.toAbsolutePath().normalize();
        return normal.startsWith(realRoot) || linkedFiles.containsKey(normal);
    }

    /**
     * A name in an open directory of the mount ({@code .} for the directory itself), and that
     * directory's host path. Its operations act relative to the open directory, without following a
     * link at the name.
     */
    static final class Location implements Closeable {
        private final SecureDirectoryStream<Path> dir;
        private final boolean owned;
        private final Path dirHost;
        private final Path name;

        private Location(SecureDirectoryStream<Path> dir, boolean owned, Path dirHost, Path name) {
            this.dir = dir;
            this.owned = owned;
            this.dirHost = dirHost;
            this.name = name;
        }

        /** The host path of the location (which a swap above it may have moved since). */
        Path host() {
            return name.equals(SELF) ? dirHost : dirHost.resolve(name);
        }

        /** The host path of the directory holding it. */
        Path dirHost() {
            return dirHost;
        }

        private BasicFileAttributeView view() {
            return name.equals(SELF)
                    ? dir.getFileAttributeView(BasicFileAttributeView.class)
                    : dir.getFileAttributeView(
                            name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        }

        BasicFileAttributes attributes() throws IOException {
            return view().readAttributes();
        }

        /** Its attributes, or null when nothing is there. */
        BasicFileAttributes attributesOrNull() throws IOException {
            try {
                return attributes();
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        void setTimes(FileTime lastModified, FileTime lastAccess, FileTime create)
                throws IOException {
            view().setTimes(lastModified, lastAccess, create);
        }

        /**
         * The attributes {@code spec} names ({@code basic}, {@code posix} or {@code unix} view),
         * read in one go by host path and given only when they are of the file found here (same
         * device and inode); a file swapped in at the host path reads as missing.
         */
        Map<String, Object> attributes(String spec) throws IOException {
            int colon = spec.indexOf(':');
            String viewName = colon < 0 ? "basic" : spec.substring(0, colon);
            String names = colon < 0 ? spec : spec.substring(colon + 1);
            if (!Set.of("basic", "posix", "unix").contains(viewName)) {
                throw new UnsupportedOperationException(
                        "attribute view " + viewName + " of a module's file system");
            }
            Object key = attributes().fileKey();
            Map<String, Object> all =
                    Files.readAttributes(host(), viewName + ":*", LinkOption.NOFOLLOW_LINKS);
            if (key == null || !key.equals(all.get("fileKey"))) {
                throw new NoSuchFileException(
                        host().toString(), null, "changed while its attributes were read");
            }
            if (names.equals("*")) {
                return all;
            }
            Map<String, Object> asked = new HashMap<>();
            for (String n : names.split(",")) {
                if (all.containsKey(n)) {
                    asked.put(n, all.get(n));
                }
            }
            return asked;
        }

        /** The file opened with {@code options} (to which no-follow is added). */
        FileChannel open(Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            Set<OpenOption> noFollow = new HashSet<>(options);
            noFollow.add(LinkOption.NOFOLLOW_LINKS);
            SeekableByteChannel channel = dir.newByteChannel(name, noFollow, attrs);
            if (channel instanceof FileChannel file) {
                return file;
            }
            channel.close();
            throw new UnsupportedOperationException(
                    "this platform opens no file channels relative to a directory");
        }

        /** The directory here, opened; close it after use. */
        SecureDirectoryStream<Path> openDirectory() throws IOException {
            return dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        }

        /** Removes the file or (empty) directory here. */
        void delete(BasicFileAttributes what) throws IOException {
            if (what.isDirectory()) {
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }

        /** Renames the name here to {@code target}'s, replacing what is there. */
        void moveTo(Location target) throws IOException {
            dir.move(name, target.dir, target.name);
        }

        @Override
        public void close() throws IOException {
            if (owned) {
                dir.close();
            }
        }
    }

    /** One walk from the mount's open root, name by name. */
    private final class Resolution {
        private final ConfinedPath asked;
        private final Deque<String> pending = new ArrayDeque<>();

        /**
         * The directories opened below the root, innermost first, and their names from the root.
         */
        private final Deque<SecureDirectoryStream<Path>> opened = new ArrayDeque<>();

        private final List<String> names = new ArrayList<>();
        private Pinned linked;
        private int links;

        Resolution(ConfinedPath asked) {
            this.asked = asked;
        }

        Location run(boolean followLast) throws IOException {
            Location found = null;
            try {
                enter(asked.host(), List.of());
                found = walk(followLast);
                return found;
            } finally {
                for (SecureDirectoryStream<Path> dir : opened) {
                    if (found == null || dir != found.dir) {
                        dir.close();
                    }
                }
            }
        }

        private Location walk(boolean followLast) throws IOException {
            while (true) {
                if (linked != null) {
                    if (pending.stream().anyMatch(n -> !n.isEmpty() && !n.equals("."))) {
                        throw new NoSuchFileException(asked.toString(), null, "not a directory");
                    }
                    return new Location(linked.dir(), false, linked.dirHost(), linked.name());
                }
                String name = pending.pollFirst();
                if (name == null) {
                    return new Location(current(), !opened.isEmpty(), dirHost(), SELF);
                }
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                if (name.equals("..")) {
                    up();
                    continue;
                }
                boolean last = pending.stream().allMatch(n -> n.isEmpty() || n.equals("."));
                Path entry = Path.of(name);
                BasicFileAttributes attrs = attributesOrNull(current(), entry);
                if (attrs != null && attrs.isSymbolicLink() && (!last || followLast)) {
                    follow(name);
                    continue;
                }
                if (last) {
                    return new Location(current(), !opened.isEmpty(), dirHost(), entry);
                }
                if (attrs == null) {
                    throw new NoSuchFileException(asked.toString());
                }
                if (!attrs.isDirectory()) {
                    throw new NotDirectoryException(asked.toString());
                }
                SecureDirectoryStream<Path> next;
                try {
                    next = current().newDirectoryStream(entry, LinkOption.NOFOLLOW_LINKS);
                } catch (FileSystemException e) {
                    // Swapped for a link since it was looked at (O_NOFOLLOW refused it): look
                    // again.
                    retry(name, e);
                    continue;
                }
                opened.push(next);
                names.add(name);
            }
        }

        private SecureDirectoryStream<Path> current() {
            return opened.isEmpty() ? rootDir : opened.peek();
        }

        private Path dirHost() {
            return names.isEmpty() ? realRoot : realRoot.resolve(String.join("/", names));
        }

        /**
         * {@code ..}: the directory above, or, above the root, the path taken lexically from there.
         */
        private void up() throws IOException {
            if (!opened.isEmpty()) {
                opened.pop().close();
                names.remove(names.size() - 1);
                return;
            }
            if (realRoot.getParent() != null) {
                List<String> rest = new ArrayList<>(pending);
                pending.clear();
                enter(realRoot.getParent(), rest);
            }
        }

        /** Looks at {@code name} again when it is a link now; otherwise fails with {@code e}. */
        private void retry(String name, FileSystemException e) throws IOException {
            BasicFileAttributes now = attributesOrNull(current(), Path.of(name));
            if (now == null || !now.isSymbolicLink() || ++links > MAX_LINKS) {
                throw e;
            }
            pending.addFirst(name);
        }

        /**
         * Continues with the target of the link {@code name} in the current directory (or looks at
         * {@code name} again when it is no longer a link).
         */
        private void follow(String name) throws IOException {
            if (++links > MAX_LINKS) {
                throw new FileSystemException(
                        asked.toString(), null, "too many levels of symbolic links");
            }
            Path target;
            try {
                target = Files.readSymbolicLink(dirHost().resolve(name));
            } catch (NotLinkException e) {
                // Swapped back since it was looked at: look again.
                pending.addFirst(name);
                return;
            }
            List<String> rest = new ArrayList<>(pending);
            pending.clear();
            if (target.isAbsolute()) {
                enter(target, rest);
            } else {
                target.forEach(n -> pending.add(n.toString()));
                pending.addAll(rest);
            }
        }

        /**
         * Restarts at the absolute host path {@code host}, then {@code rest}: from the root when it
         * lies in the mount, at a linked file when it names one; elsewhere is missing.
         */
        private void enter(Path host, List<String> rest) throws IOException {
            while (!opened.isEmpty()) {
                opened.pop().close();
            }
            names.clear();
            if (host.isAbsolute() && host.startsWith(realRoot)) {
                for (int i = realRoot.getNameCount(); i < host.getNameCount(); i++) {
                    pending.add(host.getName(i).toString());
                }
                pending.addAll(rest);
                return;
            }
            Path normal =
                    host.isAbsolute() ? host.resolve(String.join("/", rest)).normalize() : null;
            if (normal != null && normal.startsWith(realRoot)) {
                for (int i = realRoot.getNameCount(); i < normal.getNameCount(); i++) {
                    pending.add(normal.getName(i).toString());
                }
                return;
            }
            Pinned file = normal == null ? null : linkedFiles.get(normal);
            if (file != null) {
                linked = file;
                return;
            }
            throw new NoSuchFileException(
                    asked.toString(), null, "outside the module's file system");
        }
    }

    @Override
    public FileSystemProvider provider() {
        return ConfinedFileSystemProvider.INSTANCE;
    }

    /** Closes the mount's open directories: its paths lead nowhere then. */
    @Override
    public void close() {
        open = false;
        closeQuietly(rootDir);
        linkedFiles.values().forEach(p -> closeQuietly(p.dir()));
    }

    @Override
    public boolean isOpen() {
        return open;
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
