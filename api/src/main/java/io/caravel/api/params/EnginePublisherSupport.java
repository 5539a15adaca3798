package io.caravel.api.params;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Checks shared by the engine and publisher views: the type, required strings, null-safe copies. */
final class EnginePublisherSupport {
    private EnginePublisherSupport() {
    }

    /**
     * Reports a missing config or one of another type. {@code kind} names the role in words
     * ({@code docker engine}); the params are still read afterwards, so everything is reported at once.
     */
    static void checkType(SpecConfig config, String expected, String kind, Problems problems) {
        if (config == null) {
            problems.add("invalid " + kind + " spec. cannot be nil; expected Type '" + expected + "'");
        } else if (!config.isType(expected)) {
            problems.at("Type").add("invalid " + kind + " type. expected '" + expected + "', but received: '"
                    + config.type() + "'");
        }
    }

    /** The params of {@code config}, or none when it is missing. */
    static ParamsReader reader(SpecConfig config, Problems problems) {
        return new ParamsReader(config == null ? null : config.params(), problems.at("Params"));
    }

    /**
     * A string that must not be blank. A value of the wrong type is reported once, as a type error,
     * rather than also as "empty".
     */
    static String requiredString(ParamsReader reader, String key, String emptyMessage) {
        Object raw = reader.raw(key);
        String value = reader.string(key);
        if (value.isBlank() && (raw == null || raw instanceof String)) {
            reader.problemsAt(key).add(emptyMessage);
        }
        return value;
    }

    /** Runs a {@code from} decoder and throws every problem it found at once. */
    static <T> T decode(Function<Problems, T> from) {
        Problems problems = new Problems();
        T value = from.apply(problems);
        problems.throwIfInvalid();
        return value;
    }

    static String text(String s) {
        return s == null ? "" : s;
    }

    /** An unmodifiable copy that treats null as empty and drops null elements. */
    static List<String> strings(List<String> in) {
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

    /** A string the way Go's {@code %q} prints it for ordinary text: quoted, quotes and backslashes escaped. */
    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
