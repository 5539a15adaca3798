package io.caravel.activities.files;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one rule for the names results are published under: S3 keys and key prefixes, entries of a
 * results archive, files added to IPFS. A canonical name is {@code /}-separated segments, none of
 * them empty, {@code .} or {@code ..}. A file's name is published as it is: a {@code \} is an
 * ordinary character on the worker's file system and is never turned into a {@code /}. A name that
 * cannot be published as it is, is refused, never rewritten: one whose segment reads as {@code .}
 * or {@code ..} where {@code \} separates paths (as on Windows, where {@code job get} may unpack
 * it), one with a control character (S3 cannot list it in XML, and a terminal shows it as something
 * else), and one whose bytes are not text in the worker's file name encoding (it would be published
 * under a name other than its own).
 *
 * <p>Publishers check the whole tree with {@link #list(Path)} before they write or upload anything,
 * so a refused name fails the publish naming every bad file and leaves nothing half published.
 */
public final class StorageNames {
    /**
     * What a results tree holds: a path, its name relative to the tree's root, and whether it is a
     * directory.
     */
    public record Entry(Path path, String name, BasicFileAttributes attributes) {
        public boolean directory() {
            return attributes.isDirectory();
        }

        public boolean regularFile() {
            return attributes.isRegularFile();
        }
    }

    private static final String HINT =
            "rename these files in the task's outputs: result names are published as"
                    + " they are, and a name with an empty, '.' or '..' segment (with '/' or '\\' as the separator), a"
                    + " control character, or bytes that are not text, cannot be; nothing was published";

    private StorageNames() {}

    /** Why one segment of a name (a file name) cannot be published, or empty when it can. */
    public static Optional<String> segmentProblem(String segment) {
        if (segment.isEmpty()) {
            return Optional.of("it has an empty segment");
        }
        if (segment.equals(".") || segment.equals("..")) {
            return Optional.of("it has a '" + segment + "' segment");
        }
        if (segment.indexOf('/') >= 0) {
            return Optional.of("a file name holds a '/'");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(
                        "it holds the control character U+" + String.format("%04X", (int) c));
            }
            if (c == '\uFFFD') {
                return Optional.of("its bytes are not text in the worker's file name encoding");
            }
        }
        for (String part : segment.split("\\\\", -1)) {
            if (part.equals(".") || part.equals("..")) {
                return Optional.of(
                        "it reads as a '" + part + "' segment where '\\' separates paths");
            }
        }
        return Optional.empty();
    }

    /**
     * Why a {@code /}-separated relative name cannot be published, or empty when it is canonical.
     */
    public static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (name.startsWith("/")) {
            return Optional.of("it starts with '/'");
        }
        for (String segment : name.split("/", -1)) {
            Optional<String> problem = segmentProblem(segment);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /**
     * The name of {@code file} relative to {@code root}: its path's segments as they are, joined by
     * {@code /}.
     *
     * @throws CaravelException {@code UNSAFE_NAME} naming the file when it is not below {@code
     *     root} or a segment cannot be published
     */
    public static String relativeName(Path root, Path file) {
        // Not relativize: it would normalize, and so hide, the '..' segments this is here to find.
        if (!file.startsWith(root) || file.getNameCount() <= root.getNameCount()) {
            throw refused(List.of(quoted(file.toString()) + " is not below " + root));
        }
        List<String> segments = new ArrayList<>();
        for (Path segment : file.subpath(root.getNameCount(), file.getNameCount())) {
            segments.add(segment.toString());
        }
        String name = String.join("/", segments);
        for (String segment : segments) {
            Optional<String> problem = segmentProblem(segment);
            if (problem.isPresent()) {
                throw refused(List.of(quoted(name) + ": " + problem.get()));
            }
        }
        return name;
    }

    /**
     * Checks a resolved S3 key, or a key prefix when it ends in {@code /}: the key, less that one
     * trailing {@code /}, must be canonical.
     *
     * @return {@code key}, unchanged
     * @throws CaravelException {@code UNSAFE_NAME} naming the key and the rule it breaks
     */
    public static String checkKey(String key) {
        String body = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        Optional<String> problem = problem(body);
        if (problem.isPresent()) {
            throw new CaravelException(
                    ErrorCode.UNSAFE_NAME,
                    "cannot publish to the key " + quoted(key) + ": " + problem.get(),
                    "give the publisher a Key of non-empty segments separated by single '/',"
                            + " none of them '.' or '..', that does not start with '/'");
        }
        return key;
    }

    /**
     * Every directory and file below {@code root} (which is not followed if it is a link; links
     * below it are listed, not followed), sorted by name so that a directory comes before its
     * contents, with every name checked before it is returned.
     *
     * @throws CaravelException {@code UNSAFE_NAME} naming every entry that cannot be published
     */
    public static List<Entry> list(Path root) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        walk(root, root, "", entries, refused);
        if (!refused.isEmpty()) {
            throw refused(refused);
        }
        return entries;
    }

    private static void walk(
            Path root, Path dir, String prefix, List<Entry> entries, List<String> refused)
            throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String segment = child.getFileName().toString();
            String name = prefix + segment;
            Optional<String> problem = segmentProblem(segment);
            if (problem.isPresent()) {
                refused.add(quoted(name) + ": " + problem.get());
                continue;
            }
            BasicFileAttributes attributes =
                    Files.readAttributes(
                            child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            entries.add(new Entry(child, name, attributes));
            if (attributes.isDirectory()) {
                walk(root, child, name + "/", entries, refused);
            }
        }
    }

    private static CaravelException refused(List<String> problems) {
        String what =
                problems.size() == 1
                        ? "a result file's name cannot"
                        : problems.size() + " result files' names cannot";
        return new CaravelException(
                ErrorCode.UNSAFE_NAME,
                what + " be published: " + String.join("; ", problems),
                HINT);
    }

    /** {@code s} in double quotes, its control characters escaped as Java writes them. */
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(
                    c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }
}
