package io.caravel.api.providers.inline;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.params.ParamsSupport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The params of an {@code inline} input source: the data itself, carried in the spec as an RFC 2397
 * {@code data:} URL ({@code data:[<mediatype>][;base64],<data>}). Data of media type {@code
 * application/gzip} is a tarball extracted to a directory; anything else becomes one file.
 *
 * @param url the {@code data:} URL; required, at most {@link #MAX_ENCODED_BYTES} bytes
 */
public record InlineSourceSpec(String url) {
    /**
     * The largest {@code data:} URL accepted, in bytes of URL text (1 MiB): specs travel in
     * Temporal payloads, which must stay well below Temporal's 2 MB limit.
     */
    public static final int MAX_ENCODED_BYTES = 1_048_576;

    private static final String DEFAULT_MEDIA_TYPE = "text/plain";
    private static final Pattern MEDIA_TYPE =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*");

    public InlineSourceSpec {
        url = ParamsSupport.text(url);
    }

    /**
     * Reads and validates the params of an {@code inline} source ({@code URL}, matched
     * case-insensitively): not blank, at most {@link #MAX_ENCODED_BYTES} bytes, and a well-formed
     * {@code data:} URL whose data decodes. Every problem is added to {@code problems}, which
     * points at the SpecConfig. Never throws, never returns null.
     */
    public static InlineSourceSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, problems, InlineParams.TYPE);
        ParamsReader reader = ParamsSupport.reader(config, problems);
        InlineSourceSpec spec =
                new InlineSourceSpec(
                        ParamsSupport.requiredString(
                                reader,
                                InlineParams.URL,
                                "invalid inline params: url cannot be empty; give a data URL, e.g. "
                                        + "\"URL\": \"data:text/plain;base64,aGVsbG8=\""));
        if (spec.url.isBlank()) {
            return spec;
        }
        long size = ParamsSupport.utf8Length(spec.url);
        if (size > MAX_ENCODED_BYTES) {
            reader.problemsAt(InlineParams.URL)
                    .add(
                            "inline data is "
                                    + size
                                    + " bytes, above the 1 MiB limit; use a urlDownload, S3 or IPFS input instead");
            return spec;
        }
        try {
            DataUrl.parse(spec.url).bytes();
        } catch (IllegalArgumentException e) {
            reader.problemsAt(InlineParams.URL).add(e.getMessage());
        }
        return spec;
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException listing every problem. */
    public static InlineSourceSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /** A spec holding {@code data} as a base64 {@code data:} URL of the given media type. */
    public static InlineSourceSpec of(String mediaType, byte[] data) {
        return new InlineSourceSpec(
                "data:"
                        + ParamsSupport.text(mediaType)
                        + ";base64,"
                        + Base64.getEncoder().encodeToString(data == null ? new byte[0] : data));
    }

    /** The canonical params: {@code {URL}}. */
    public Map<String, Object> toParams() {
        return Map.of(InlineParams.URL, url);
    }

    /**
     * The media type ({@code type/subtype}, lower case, without parameters); {@code text/plain}
     * when the URL gives none.
     *
     * @throws CaravelException ({@code SPEC_INVALID}) when the URL is not a well-formed data URL
     */
    public String mediaType() {
        return parsed().mediaType();
    }

    /** Whether the data is a gzip tarball (media type {@code application/gzip}) to extract. */
    public boolean isGzip() {
        return mediaType().equals("application/gzip");
    }

    /**
     * The data: base64-decoded when the URL says {@code ;base64}, else percent-decoded.
     *
     * @throws CaravelException ({@code SPEC_INVALID}) when the URL is not a well-formed data URL
     */
    public byte[] decode() {
        try {
            return parsed().bytes();
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private DataUrl parsed() {
        try {
            return DataUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static CaravelException invalid(String message) {
        return CaravelException.invalidSpec(List.of(new Problem("Params.URL", message)));
    }

    /** The parts of a data URL; the data is decoded on demand. */
    private record DataUrl(String mediaType, boolean base64, String data) {
        private static final String HINT = "; expected data:[<mediatype>][;base64],<data>";

        /**
         * Splits a data URL; an IllegalArgumentException (caught by the callers) says what is
         * wrong.
         */
        static DataUrl parse(String url) {
            String s = url.strip();
            if (!s.regionMatches(true, 0, "data:", 0, 5)) {
                throw new IllegalArgumentException(
                        "inline URL must be a data URL starting with \"data:\"" + HINT);
            }
            int comma = s.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException(
                        "invalid data URL: no ',' before the data" + HINT);
            }
            String[] header = s.substring(5, comma).split(";", -1);
            String mediaType = header[0].strip().toLowerCase(Locale.ROOT);
            if (mediaType.isEmpty()) {
                mediaType = DEFAULT_MEDIA_TYPE;
            } else if (!MEDIA_TYPE.matcher(mediaType).matches()) {
                throw new IllegalArgumentException(
                        "invalid data URL media type " + ParamsSupport.quoted(header[0]) + HINT);
            }
            boolean base64 = false;
            for (int i = 1; i < header.length; i++) {
                String param = header[i].strip();
                if (i == header.length - 1 && param.equalsIgnoreCase("base64")) {
                    base64 = true;
                } else if (param.indexOf('=') <= 0) {
                    throw new IllegalArgumentException(
                            "invalid data URL parameter "
                                    + ParamsSupport.quoted(param)
                                    + " (want name=value, or base64 last)"
                                    + HINT);
                }
            }
            return new DataUrl(mediaType, base64, s.substring(comma + 1));
        }

        byte[] bytes() {
            byte[] raw = percentDecode(data);
            if (!base64) {
                return raw;
            }
            byte[] text = withoutWhitespace(raw);
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                try {
                    return Base64.getUrlDecoder().decode(text);
                } catch (IllegalArgumentException e2) {
                    throw new IllegalArgumentException(
                            "invalid data URL: the data is not valid base64 ("
                                    + e.getMessage()
                                    + ")"
                                    + HINT);
                }
            }
        }

        /**
         * The UTF-8 bytes of {@code s} with each {@code %XX} replaced by the byte it names. The
         * text between escapes is encoded a run at a time: a module of some KiB is decoded in the
         * workflow's first task and on the node, where a copy per character cost milliseconds.
         */
        private static byte[] percentDecode(String s) {
            int percent = s.indexOf('%');
            if (percent < 0) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
            int i = 0;
            while (percent >= 0) {
                out.writeBytes(s.substring(i, percent).getBytes(StandardCharsets.UTF_8));
                int hi = percent + 2 < s.length() ? hex(s.charAt(percent + 1)) : -1;
                int lo = hi >= 0 ? hex(s.charAt(percent + 2)) : -1;
                if (lo < 0) {
                    throw new IllegalArgumentException(
                            "invalid data URL: bad percent-encoding at data index "
                                    + percent
                                    + " (want %XX with two hex digits)");
                }
                out.write(hi * 16 + lo);
                i = percent + 3;
                percent = s.indexOf('%', i);
            }
            out.writeBytes(s.substring(i).getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        /**
         * {@code raw} without spaces, tabs and line breaks (base64 may be wrapped); no copy if
         * none.
         */
        private static byte[] withoutWhitespace(byte[] raw) {
            int kept = 0;
            for (byte b : raw) {
                if (!isWhitespace(b)) {
                    kept++;
                }
            }
            if (kept == raw.length) {
                return raw;
            }
            byte[] out = new byte[kept];
            int n = 0;
            for (byte b : raw) {
                if (!isWhitespace(b)) {
                    out[n++] = b;
                }
            }
            return out;
        }

        private static boolean isWhitespace(byte b) {
            return b == ' ' || b == '\t' || b == '\r' || b == '\n';
        }

        private static int hex(char c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }
    }
}
