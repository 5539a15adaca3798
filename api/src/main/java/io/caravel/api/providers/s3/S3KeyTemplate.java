package io.caravel.api.providers.s3;

import io.caravel.api.providers.s3.S3PublisherSpec.Encoding;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an s3 publisher's {@code Key} into the key results are uploaded to. The suffix is fixed
 * first (a gzip archive key gets {@code .tar.gz}, a plain key prefix gets {@code /}, unless already
 * there), then the placeholders {@code {nodeID}}, {@code {executionID}}, {@code {jobID}}, {@code
 * {date}} ({@code YYYYMMDD}) and {@code {time}} ({@code HHMMSS}) are replaced, exactly and
 * case-sensitively. Other {@code {...}} text is kept as written.
 */
public final class S3KeyTemplate {
    private static final String ARCHIVE_SUFFIX = ".tar.gz";

    private S3KeyTemplate() {}

    /**
     * The resolved key. {@code now} is the time on the node that publishes (Bacalhau uses the
     * node's local clock); null values read as empty, a null encoding as gzip and a null time as
     * now.
     */
    public static String resolve(
            String key,
            Encoding encoding,
            String jobId,
            String executionId,
            String nodeId,
            ZonedDateTime now) {
        String k = key == null ? "" : key;
        if (encoding == Encoding.PLAIN) {
            if (!k.endsWith("/")) {
                k = k + "/";
            }
        } else if (!k.endsWith(ARCHIVE_SUFFIX)) {
            k = k + ARCHIVE_SUFFIX;
        }
        ZonedDateTime t = now == null ? ZonedDateTime.now() : now;
        Map<String, String> values =
                Map.of(
                        "{nodeID}", text(nodeId),
                        "{executionID}", text(executionId),
                        "{jobID}", text(jobId),
                        "{date}",
                                String.format(
                                        Locale.ROOT,
                                        "%04d%02d%02d",
                                        t.getYear(),
                                        t.getMonthValue(),
                                        t.getDayOfMonth()),
                        "{time}",
                                String.format(
                                        Locale.ROOT,
                                        "%02d%02d%02d",
                                        t.getHour(),
                                        t.getMinute(),
                                        t.getSecond()));
        return substitute(k, values);
    }

    /** One pass from left to right, so text that a value brings in is never substituted again. */
    private static String substitute(String key, Map<String, String> values) {
        StringBuilder out = new StringBuilder(key.length());
        int i = 0;
        while (i < key.length()) {
            String match = null;
            if (key.charAt(i) == '{') {
                for (String placeholder : values.keySet()) {
                    if (key.startsWith(placeholder, i)) {
                        match = placeholder;
                        break;
                    }
                }
            }
            if (match == null) {
                out.append(key.charAt(i));
                i++;
            } else {
                out.append(values.get(match));
                i += match.length();
            }
        }
        return out.toString();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
