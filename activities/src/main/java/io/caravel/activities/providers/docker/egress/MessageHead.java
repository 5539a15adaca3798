package io.caravel.activities.providers.docker.egress;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The start line and header fields of one HTTP/1.1 message, read up to the blank line that ends
 * them, and no further: what follows (a body, tunnelled bytes) stays in the stream.
 */
final class MessageHead {
    /** A head longer than its limit: the proxy answers 431. */
    static final class TooLargeException extends IOException {
        TooLargeException(int limit) {
            super("the request line and headers are larger than " + limit + " bytes");
        }
    }

    private final String startLine;
    private final List<String[]> fields;

    private MessageHead(String startLine, List<String[]> fields) {
        this.startLine = startLine;
        this.fields = fields;
    }

    /**
     * Reads one head of at most {@code limit} bytes; null when the stream ends before its first
     * byte.
     *
     * @throws TooLargeException when the blank line does not come within {@code limit} bytes
     * @throws EOFException when the stream ends inside the head
     */
    static MessageHead read(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        int newlines = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (buf.size() == 0) {
                    return null;
                }
                throw new EOFException("the connection closed inside the request headers");
            }
            if (buf.size() >= limit) {
                throw new TooLargeException(limit);
            }
            buf.write(b);
            if (b == '\n') {
                if (++newlines == 2) {
                    break;
                }
            } else if (b != '\r') {
                newlines = 0;
            }
        }
        // ISO-8859-1 keeps every byte as one char, so nothing in a header is lost or mangled.
        String[] lines = buf.toString(StandardCharsets.ISO_8859_1).split("\r?\n");
        List<String[]> fields = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0
                    || Character.isWhitespace(line.charAt(0))
                    || Character.isWhitespace(line.charAt(colon - 1))) {
                // Folded lines and spaces before the colon are request-smuggling material (RFC 9112
                // 5.1, 5.2).
                throw new MalformedException("a malformed header line: " + printable(line));
            }
            fields.add(new String[] {line.substring(0, colon), line.substring(colon + 1).trim()});
        }
        return new MessageHead(lines[0], fields);
    }

    String startLine() {
        return startLine;
    }

    /** The value of the first field named {@code name} (case-insensitive), or null. */
    String field(String name) {
        for (String[] f : fields) {
            if (f[0].equalsIgnoreCase(name)) {
                return f[1];
            }
        }
        return null;
    }

    /**
     * The head with a new start line, without the fields named in {@code drop} or listed in its own
     * {@code Connection} field (hop-by-hop), and with {@code extra} fields appended, serialised
     * with CRLF line ends and the closing blank line.
     */
    byte[] rewrite(String newStartLine, List<String> drop, List<String[]> extra) {
        List<String> hopByHop = new ArrayList<>();
        for (String d : drop) {
            hopByHop.add(d.toLowerCase(Locale.ROOT));
        }
        String connection = field("Connection");
        if (connection != null) {
            for (String token : connection.split(",")) {
                hopByHop.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        StringBuilder out = new StringBuilder(newStartLine).append("\r\n");
        for (String[] f : fields) {
            if (!hopByHop.contains(f[0].toLowerCase(Locale.ROOT))) {
                out.append(f[0]).append(": ").append(f[1]).append("\r\n");
            }
        }
        for (String[] f : extra) {
            out.append(f[0]).append(": ").append(f[1]).append("\r\n");
        }
        return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** A head that is not HTTP/1.x: the proxy answers 400. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }
}
