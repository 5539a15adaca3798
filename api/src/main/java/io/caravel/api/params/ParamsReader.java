package io.caravel.api.params;

import io.caravel.api.errors.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code Params} map the way Bacalhau's decoders do: keys matched case-insensitively (an
 * exact match preferred, otherwise the last matching key wins), absent or null values read as
 * empty, unknown keys ignored. A value of the wrong type is reported to {@code problems} at the
 * key's path and read as empty, so a decoder can go on and report everything at once.
 */
public final class ParamsReader {
    private final Map<String, Object> params;
    private final Problems problems;

    /** {@code problems} should point at the {@code Params} field itself. */
    public ParamsReader(Map<String, Object> params, Problems problems) {
        this.params = params == null ? Map.of() : params;
        this.problems = problems;
    }

    /** The key as it is spelled in the map, or null when absent. */
    public String actualKey(String key) {
        if (params.containsKey(key)) {
            return key;
        }
        String found = null;
        for (String k : params.keySet()) {
            if (k.equalsIgnoreCase(key)) {
                found = k;
            }
        }
        return found;
    }

    public boolean has(String key) {
        String k = actualKey(key);
        return k != null && params.get(k) != null;
    }

    /** The raw JSON value under {@code key}, or null. */
    public Object raw(String key) {
        String k = actualKey(key);
        return k == null ? null : params.get(k);
    }

    public Problems problemsAt(String key) {
        return problems.at(key);
    }

    public String string(String key) {
        Object v = raw(key);
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        typeError(key, v, "string");
        return "";
    }

    /** A boolean; the strings {@code "true"}/{@code "false"} are accepted too. */
    public boolean bool(String key) {
        Object v = raw(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        typeError(key, v, "bool");
        return false;
    }

    /** A whole number; a floating value that is integral (as JSON decoders produce) is accepted. */
    public long integer(String key) {
        Object v = raw(key);
        if (v == null) {
            return 0;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return d.longValue();
        }
        typeError(key, v, "int");
        return 0;
    }

    public List<String> stringList(String key) {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            typeError(key, v, "[]string");
            return List.of();
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (e instanceof String s) {
                out.add(s);
            } else {
                problems.at(key).index(i).add("invalid type: '" + kind(e) + "' expected: 'string'");
            }
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String key) {
        Object v = raw(key);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        typeError(key, v, "object");
        return Map.of();
    }

    /** A nested reader for the object under {@code key}, reporting at {@code Params.<key>}. */
    public ParamsReader nested(String key) {
        return new ParamsReader(object(key), problems.at(key));
    }

    /** Reports a wrong type for {@code key}: what was found and what would be accepted. */
    public void typeError(String key, Object found, String expected) {
        problems.at(key).add("invalid type: '" + kind(found) + "' expected: '" + expected + "'");
    }

    /** The JSON kind of a value, as Go's decoder names it. */
    public static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof List) {
            return "array";
        }
        if (v instanceof Map) {
            return "object";
        }
        return v.getClass().getSimpleName();
    }
}
