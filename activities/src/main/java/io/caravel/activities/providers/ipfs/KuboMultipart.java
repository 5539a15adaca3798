package io.caravel.activities.providers.ipfs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The body of Kubo's {@code /api/v0/add} for one file or directory tree, streamed: one {@code
 * multipart/form-data} part per entry, named by its path relative to the tree's parent (so the
 * root's own name comes first: {@code results}, {@code results/stdout} ...). A directory is a part
 * of type {@code application/x-directory} and comes before its children; a file is an {@code
 * application/octet-stream} part carrying its bytes, read only when the part is sent. Names are
 * percent-encoded, since Go's multipart reader would otherwise cut them at the last {@code /}. Only
 * regular files and directories are sent; a symbolic link or special file inside the tree is
 * skipped and logged, never followed, as the {@code local} publisher does.
 */
final class KuboMultipart {
    private static final org.slf4j.Logger log =
            org.slf4j.LoggerFactory.getLogger(KuboMultipart.class);
    private static final String CRLF = "\r\n";

    private final String boundary = "caravel-" + UUID.randomUUID();
    private final List<Entry> entries;

    /**
     * An entry of the tree: its path relative to the tree's parent, and whether it is a directory.
     */
    private record Entry(Path path, String name, boolean directory) {}

    private KuboMultipart(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * Lists the tree at {@code root} (a file or a directory), parents before children, siblings
     * sorted.
     *
     * @throws IOException when the tree cannot be read, or {@code root} itself is neither a file
     *     nor a directory
     */
    static KuboMultipart of(Path root) throws IOException {
        Path start = root.toAbsolutePath().normalize();
        List<Entry> entries = new ArrayList<>();
        walk(start, start.getFileName().toString(), entries);
        return new KuboMultipart(entries);
    }

    private static void walk(Path path, String name, List<Entry> out) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            out.add(new Entry(path, name, true));
            List<Path> children;
            try (Stream<Path> list = Files.list(path)) {
                children = list.sorted().toList();
            }
            for (Path child : children) {
                walk(child, name + "/" + child.getFileName(), out);
            }
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            out.add(new Entry(path, name, false));
        } else if (out.isEmpty()) {
            throw new IOException(
                    "cannot add "
                            + path
                            + " to IPFS: it is neither a regular file nor a directory");
        } else {
            // As the local publisher does: a link is never followed, nor a special file read.
            log.warn(
                    "not adding {} to IPFS: only regular files and directories are published, and this is {}",
                    path,
                    Files.isSymbolicLink(path) ? "a symbolic link" : "neither");
        }
    }

    /** The value of the request's {@code Content-Type} header. */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** How many files and directories the body carries. */
    int size() {
        return entries.size();
    }

    /** A fresh stream of the whole body; files are opened as their parts are reached. */
    InputStream open() {
        Iterator<Entry> it = entries.iterator();
        return new SequenceInputStream(
                new Enumeration<InputStream>() {
                    private InputStream pendingContent;
                    private boolean ended;

                    @Override
                    public boolean hasMoreElements() {
                        return pendingContent != null || it.hasNext() || !ended;
                    }

                    @Override
                    public InputStream nextElement() {
                        if (pendingContent != null) {
                            InputStream content = pendingContent;
                            pendingContent = null;
                            return content;
                        }
                        if (!it.hasNext()) {
                            ended = true;
                            return bytes("--" + boundary + "--" + CRLF);
                        }
                        Entry entry = it.next();
                        if (!entry.directory()) {
                            pendingContent =
                                    new SequenceInputStream(openFile(entry.path()), bytes(CRLF));
                        }
                        return bytes(header(entry) + (entry.directory() ? CRLF : ""));
                    }
                });
    }

    private String header(Entry entry) {
        return "--"
                + boundary
                + CRLF
                + "Content-Disposition: form-data; name=\"file\"; filename=\""
                + encode(entry.name())
                + "\""
                + CRLF
                + "Content-Type: "
                + (entry.directory() ? "application/x-directory" : "application/octet-stream")
                + CRLF
                + CRLF;
    }

    private static InputStream openFile(Path file) {
        try {
            return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to add it to IPFS", e);
        }
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Every byte but unreserved ASCII as {@code %XX}: Kubo unescapes the whole name. */
    static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
