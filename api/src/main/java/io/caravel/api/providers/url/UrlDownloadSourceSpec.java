package io.caravel.api.providers.url;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.params.ParamsSupport;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * The params of a {@code urlDownload} input source: one file fetched over HTTP(S) and placed under
 * the input's target.
 *
 * @param url the URL, trimmed of surrounding spaces and quotes; {@code http} or {@code https} with
 *     a path
 */
public record UrlDownloadSourceSpec(String url) {
    public UrlDownloadSourceSpec {
        url = clean(url);
    }

    /**
     * Reads and validates the params of a {@code urlDownload} source ({@code URL}, matched
     * case-insensitively): the URL must parse, use the {@code http} or {@code https} scheme and
     * have a path ({@code http://host/} passes, {@code http://host} does not). Every problem is
     * added to {@code problems}, which points at the SpecConfig. Never throws, never returns null.
     */
    public static UrlDownloadSourceSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, problems, UrlParams.TYPE);
        ParamsReader reader = ParamsSupport.reader(config, problems);
        Object raw = reader.raw(UrlParams.URL);
        UrlDownloadSourceSpec spec = new UrlDownloadSourceSpec(reader.string(UrlParams.URL));
        if (spec.url.isEmpty()) {
            if (raw == null || raw instanceof String) {
                reader.problemsAt(UrlParams.URL)
                        .add(
                                "invalid urlDownload params: url cannot be empty; give an http or "
                                        + "https URL ending in a file name, e.g. \"URL\": \"https://example.com/data.csv\"");
            }
        } else {
            String problem = check(spec.url);
            if (problem != null) {
                reader.problemsAt(UrlParams.URL).add(problem);
            }
        }
        return spec;
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException listing every problem. */
    public static UrlDownloadSourceSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /** The canonical params: {@code {URL}}. */
    public Map<String, Object> toParams() {
        return Map.of(UrlParams.URL, url);
    }

    /** What is wrong with a non-empty, trimmed URL, or null when it is acceptable. */
    static String check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "invalid URL "
                    + ParamsSupport.quoted(url)
                    + ": "
                    + e.getReason()
                    + " at index "
                    + e.getIndex()
                    + "; give an http or https URL, percent-encoding spaces";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "URLs must begin with 'http' or 'https': " + url;
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            return "URL must end with a file name: " + url + " (e.g. " + url + "/data.csv)";
        }
        return null;
    }

    /** Surrounding whitespace and quotes removed, as Bacalhau does before parsing. */
    private static String clean(String url) {
        String s = ParamsSupport.text(url);
        int start = 0;
        int end = s.length();
        while (start < end && trimmable(s.charAt(start))) {
            start++;
        }
        while (end > start && trimmable(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean trimmable(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'';
    }
}
