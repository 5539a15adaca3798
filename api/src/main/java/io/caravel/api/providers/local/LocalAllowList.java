package io.caravel.api.providers.local;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.params.ParamsSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The worker's allow-list of host paths that {@code local} input sources may mount. Each entry is a
 * doublestar glob over the whole path, optionally suffixed {@code :rw} (read-write) or {@code :ro}
 * (read-only, the default): {@code /data/*} allows the children of {@code /data}, {@code /data/**}
 * anything below it, {@code /data} only the directory itself. An empty list disables local sources.
 *
 * <p>Paths are judged by their real location: symbolic links and {@code ..} are resolved first, so
 * a link inside an allowed directory pointing outside it is refused.
 */
public final class LocalAllowList {
    private static final String HINT =
            "add a matching entry to the worker's allowedLocalPaths "
                    + "(Bacalhau: Compute.AllowListedLocalPaths), e.g. \"/data/**\" or \"/data/**:rw\" for write access";
    private static final int MAX_LINK_HOPS = 40;

    private final List<Entry> entries;

    private record Entry(String glob, Pattern pattern, boolean readWrite) {}

    private LocalAllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads the allow-list entries.
     *
     * @throws CaravelException ({@code BAD_ARGUMENT}) naming the first entry that is blank or not a
     *     valid glob
     */
    public static LocalAllowList parse(List<String> entries) {
        List<Entry> parsed = new ArrayList<>();
        if (entries != null) {
            for (String raw : entries) {
                parsed.add(entry(raw));
            }
        }
        return new LocalAllowList(parsed);
    }

    private static Entry entry(String raw) {
        String text = raw == null ? "" : raw.strip();
        boolean readWrite = false;
        String glob = text;
        if (text.endsWith(":rw")) {
            readWrite = true;
            glob = text.substring(0, text.length() - 3);
        } else if (text.endsWith(":ro")) {
            glob = text.substring(0, text.length() - 3);
        }
        String what = "local allow-list entry " + ParamsSupport.quoted(raw);
        if (glob.isEmpty()) {
            throw CaravelException.badArgument(
                    what,
                    "the path pattern is empty",
                    "give a path glob such as /data/** with an optional :rw or :ro suffix");
        }
        try {
            return new Entry(glob, Globs.compile(glob), readWrite);
        } catch (IllegalArgumentException e) {
            throw CaravelException.badArgument(
                    what,
                    "not a valid glob: " + e.getMessage(),
                    "use * within a path segment, ** for any depth, ?, [a-z], {a,b}; escape others with \\");
        }
    }

    /** Whether local sources are enabled at all: the list is not empty. */
    public boolean isEnabled() {
        return !entries.isEmpty();
    }

    /**
     * Checks that a {@code local} source may mount {@code path}: its real path (see {@link
     * #realPath}) matches an entry, one granting write access when {@code readWrite}, and it exists
     * unless the source may create it ({@code readWrite} with {@code createAs} dir or file).
     *
     * @return the real path that was judged: stage and mount exactly it, never {@code path} again,
     *     so that a link swapped into {@code path} after the check leads nowhere
     * @throws CaravelException ({@code SPEC_INVALID}) {@code volume <p> is not allowlisted}, {@code
     *     volume <p> is not granted write access} or {@code volume <p> does not exist and creation
     *     is not allowed}
     */
    public Path check(Path path, boolean readWrite, LocalSourceSpec.CreateAs createAs) {
        if (path == null) {
            throw refused("volume with no path is not allowlisted", HINT);
        }
        Path real = realPath(path);
        String shown =
                path.toString().equals(real.toString())
                        ? path.toString()
                        : path + " (really " + real + ")";
        boolean writeDenied = false;
        boolean allowed = false;
        for (Entry e : entries) {
            if (e.pattern().matcher(real.toString()).matches()) {
                if (readWrite && !e.readWrite()) {
                    writeDenied = true;
                    continue;
                }
                allowed = true;
                break;
            }
        }
        if (!allowed) {
            throw writeDenied
                    ? refused("volume " + shown + " is not granted write access", HINT)
                    : refused("volume " + shown + " is not allowlisted", HINT);
        }
        LocalSourceSpec.CreateAs create =
                createAs == null ? LocalSourceSpec.CreateAs.NO_CREATE : createAs;
        if (!Files.exists(real) && !(readWrite && create != LocalSourceSpec.CreateAs.NO_CREATE)) {
            throw refused(
                    "volume " + shown + " does not exist and creation is not allowed",
                    "create the path on the worker, or set ReadWrite true and CreateAs dir or file");
        }
        return real;
    }

    /**
     * The real location of {@code path}, made absolute: for an existing path its {@link
     * Path#toRealPath real path}; for a missing one the real path of its nearest existing ancestor
     * followed by the rest, normalised. A dangling symbolic link is followed to where it points, so
     * creating the path cannot escape either.
     *
     * @throws CaravelException ({@code SPEC_INVALID}) when the path cannot be resolved (a link
     *     loop, no permission to read a directory on the way)
     */
    public static Path realPath(Path path) {
        Path current;
        try {
            current = path.toAbsolutePath();
        } catch (RuntimeException e) {
            throw refused("volume " + path + " cannot be resolved: " + e.getMessage(), HINT);
        }
        try {
            for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
                if (Files.exists(current)) {
                    return current.toRealPath();
                }
                Deque<Path> missing = new ArrayDeque<>();
                Path existing = current;
                while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                    missing.push(existing.getFileName());
                    existing = existing.getParent();
                }
                if (existing == null) {
                    return current.normalize();
                }
                if (Files.isSymbolicLink(existing) && !Files.exists(existing)) {
                    Path target = existing.resolveSibling(Files.readSymbolicLink(existing));
                    current = append(target, missing);
                    continue;
                }
                return append(existing.toRealPath(), missing).normalize();
            }
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw refused("volume " + path + " cannot be resolved: " + e.getMessage(), HINT);
        }
        throw refused(
                "volume " + path + " cannot be resolved: too many levels of symbolic links", HINT);
    }

    private static Path append(Path base, Deque<Path> rest) {
        Path out = base;
        for (Path p : rest) {
            out = out.resolve(p);
        }
        return out;
    }

    private static CaravelException refused(String message, String hint) {
        return new CaravelException(ErrorCode.SPEC_INVALID, message, hint);
    }
}
