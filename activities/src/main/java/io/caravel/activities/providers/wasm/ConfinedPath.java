package io.caravel.activities.providers.wasm;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.Objects;

/**
 * A path of a {@link ConfinedFileSystem}: a host path that remembers its mount, so that Chicory's
 * file operations on it (and on the paths it resolves from it) reach the confining provider. {@code
 * shown} is what {@link #toString()} gives when it differs from the host path: the raw target of a
 * symbolic link, which {@code path_readlink} hands to the module.
 */
final class ConfinedPath implements Path {
    private final ConfinedFileSystem fs;
    private final Path host;
    private final String shown;

    ConfinedPath(ConfinedFileSystem fs, Path host) {
        this(fs, host, null);
    }

    ConfinedPath(ConfinedFileSystem fs, Path host, String shown) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.host = Objects.requireNonNull(host, "host");
        this.shown = shown;
    }

    Path host() {
        return host;
    }

    ConfinedFileSystem confined() {
        return fs;
    }

    /** The host path of a path of this kind, or the path itself. */
    static Path host(Path path) {
        return path instanceof ConfinedPath confined ? confined.host : path;
    }

    static ConfinedPath of(Path path) {
        if (path instanceof ConfinedPath confined) {
            return confined;
        }
        throw new ProviderMismatchException("not a path of a module's file system: " + path);
    }

    private Path wrap(Path path) {
        return path == null ? null : new ConfinedPath(fs, path);
    }

    @Override
    public FileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return host.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return wrap(host.getRoot());
    }

    @Override
    public Path getFileName() {
        return wrap(host.getFileName());
    }

    @Override
    public Path getParent() {
        return wrap(host.getParent());
    }

    @Override
    public int getNameCount() {
        return host.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return wrap(host.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return wrap(host.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return host.startsWith(host(other));
    }

    @Override
    public boolean endsWith(Path other) {
        return host.endsWith(host(other));
    }

    @Override
    public Path normalize() {
        return wrap(host.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return wrap(host.resolve(host(other).toString()));
    }

    @Override
    public Path relativize(Path other) {
        return wrap(host.relativize(host(other)));
    }

    @Override
    public URI toUri() {
        throw new UnsupportedOperationException("a module's paths have no URI");
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(host.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
        return wrap(fs.real(this, follow));
    }

    @Override
    public WatchKey register(
            WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("no watch service in a module's file system");
    }

    @Override
    public int compareTo(Path other) {
        return host.compareTo(host(other));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfinedPath that && that.fs == fs && that.host.equals(host);
    }

    @Override
    public int hashCode() {
        return host.hashCode();
    }

    @Override
    public String toString() {
        return shown != null ? shown : host.toString();
    }
}
