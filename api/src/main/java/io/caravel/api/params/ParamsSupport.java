package io.caravel.api.params;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks shared by the params views: the type, required strings, regexes, sizes, null-safe copies.
 */
public final class ParamsSupport {
    private ParamsSupport() {}

    /**
     * Reports a missing config or one of another type. {@code kind} names the role in words ({@code
     * docker engine}); the params are still read afterwards, so everything is reported at once.
     */
    public static void checkType(
            SpecConfig config, String expected, String kind, Problems problems) {
        if (config == null) {
            problems.add(
                    "invalid " + kind + " spec. cannot be nil; expected Type '" + expected + "'");
        } else if (!config.isType(expected)) {
            problems.at("Type")
                    .add(
                            "invalid "
                                    + kind
                                    + " type. expected '"
                                    + expected
                                    + "', but received: '"
                                    + config.type()
                                    + "'");
        }
    }

    /** The params of {@code config}, or none when it is missing. */
    public static ParamsReader reader(SpecConfig config, Problems problems) {
        return new ParamsReader(config == null ? null : config.params(), problems.at("Params"));
    }

    /**
     * A string that must not be blank. A value of the wrong type is reported once, as a type error,
     * rather than also as "empty".
     */
    public static String requiredString(ParamsReader reader, String key, String emptyMessage) {
        Object raw = reader.raw(key);
        String value = reader.string(key);
        if (value.isBlank() && (raw == null || raw instanceof String)) {
            reader.problemsAt(key).add(emptyMessage);
        }
        return value;
    }

    /** Runs a {@code from} decoder and throws every problem it found at once. */
    public static <T> T decode(Function<Problems, T> from) {
        Problems problems = new Problems();
        T value = from.apply(problems);
        problems.throwIfInvalid();
        return value;
    }

    public static String text(String s) {
        return s == null ? "" : s;
    }

    /** An unmodifiable copy that treats null as empty and drops null elements. */
    public static List<String> strings(List<String> in) {
        if (in == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(in.size());
        for (String s : in) {
            if (s != null) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /**
     * A string the way Go's {@code %q} prints it for ordinary text: quoted, quotes and backslashes
     * escaped.
     */
    public static String quoted(String s) {
        return "\"" + text(s).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Reports a missing config or one whose type is none of {@code accepted} (compared as Bacalhau
     * does: trimmed, case-insensitive). The params are still read afterwards, so that everything is
     * reported at once.
     */
    public static void checkType(SpecConfig config, Problems problems, String... accepted) {
        String names = String.join("' or '", accepted);
        if (config == null) {
            problems.add("invalid input source: nil spec config; expected Type '" + names + "'");
            return;
        }
        boolean ok = Arrays.stream(accepted).anyMatch(config::isType);
        if (!ok) {
            problems.at("Type")
                    .add(
                            "invalid storage source type. expected '"
                                    + names
                                    + "', but received: '"
                                    + config.type()
                                    + "'");
        }
    }

    /**
     * Compiles {@code regex}, or returns null after adding {@code invalid regex pattern: <why>}.
     * Java's syntax is close to Go's RE2 for this purpose: a pattern RE2 rejects for bad syntax is
     * rejected here too; Java additionally accepts look-around and back-references, which RE2 does
     * not.
     */
    public static Pattern compileRegex(String regex, Problems problems) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(
                    "invalid regex pattern: "
                            + e.getDescription()
                            + " in "
                            + quoted(regex)
                            + "; give a regular expression (RE2 syntax), e.g. \"\\\\.csv$\"");
            return null;
        } catch (RuntimeException e) {
            problems.add("invalid regex pattern: " + quoted(regex));
            return null;
        }
    }

    /** The number of bytes {@code s} takes in UTF-8, without encoding it. */
    public static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
