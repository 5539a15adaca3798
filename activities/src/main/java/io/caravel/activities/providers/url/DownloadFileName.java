package io.caravel.activities.providers.url;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name a downloaded file gets, by Bacalhau's rule: the base name of the final URL's path; after
 * a redirect, the {@code filename*} (RFC 5987) or {@code filename} of the {@code
 * Content-Disposition} header wins when there is one; a name that is empty, {@code /}, {@code .} or
 * {@code ..} becomes a random UUID. Only the base name of any name is kept, so {@code ../../x} and
 * {@code /etc/x} give {@code x}; control characters are dropped and the name is cut to {@value
 * #MAX_BYTES} bytes.
 */
final class DownloadFileName {
    /** The longest name most file systems accept, in bytes. */
    static final int MAX_BYTES = 255;

    private static final Pattern EXTENDED =
            Pattern.compile("(?i)(?:^|;)\\s*filename\\*\\s*=\\s*([^;]+)");
    private static final Pattern PLAIN =
            Pattern.compile("(?i)(?:^|;)\\s*filename\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^;]*)");

    private DownloadFileName() {}

    static String of(URI finalUrl, boolean redirected, Optional<String> contentDisposition) {
        if (redirected && contentDisposition.isPresent()) {
            Optional<String> fromHeader = fromDisposition(contentDisposition.get());
            if (fromHeader.isPresent()) {
                return sanitize(fromHeader.get());
            }
        }
        String path = finalUrl.getRawPath() == null ? "" : finalUrl.getRawPath();
        return sanitize(URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8));
    }

    /** The file name a {@code Content-Disposition} value gives, {@code filename*} first. */
    static Optional<String> fromDisposition(String header) {
        Matcher ext = EXTENDED.matcher(header);
        if (ext.find()) {
            String value = ext.group(1).strip();
            int quote = value.indexOf("''");
            if (quote >= 0) {
                String charset = value.substring(0, quote).toUpperCase(Locale.ROOT);
                String encoded = value.substring(quote + 2).replace("+", "%2B");
                try {
                    return Optional.of(
                            URLDecoder.decode(
                                    encoded,
                                    charset.equals("ISO-8859-1")
                                            ? StandardCharsets.ISO_8859_1
                                            : StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // malformed percent-encoding: try the plain filename
                }
            }
        }
        Matcher plain = PLAIN.matcher(header);
        if (plain.find()) {
            String value = plain.group(1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
            }
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }
        return Optional.empty();
    }

    /** The base name of {@code name}, cleaned; a random UUID when nothing usable is left. */
    static String sanitize(String name) {
        String s = name.replace('\\', '/');
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        s = s.substring(s.lastIndexOf('/') + 1);
        s =
                s.codePoints()
                        .filter(c -> !Character.isISOControl(c))
                        .collect(
                                StringBuilder::new,
                                StringBuilder::appendCodePoint,
                                StringBuilder::append)
                        .toString()
                        .strip();
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
            return UUID.randomUUID().toString();
        }
        while (s.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            s = s.substring(0, s.offsetByCodePoints(s.length(), -1));
        }
        return s;
    }
}
