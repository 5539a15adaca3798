package io.caravel.api.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep, order-preserving immutable copies of the collections held by the model. */
final class Immutables {
    private Immutables() {}

    static <T> List<T> list(List<T> in) {
        return in == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(in));
    }

    static Map<String, String> strings(Map<String, String> in) {
        return in == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(in));
    }

    /**
     * Copies a JSON-like value (String, Number, Boolean, null, List, Map with String keys) so that
     * nothing reachable from it can be changed. Integral numbers become Long (or BigInteger when
     * too large), other numbers Double, so equal JSON gives equal values.
     */
    static Object json(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Long || value instanceof Double || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            return params(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(json(element));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    static Map<String, Object> params(Map<?, ?> in) {
        if (in == null) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : in.entrySet()) {
            copy.put(String.valueOf(e.getKey()), json(e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    static String text(String s) {
        return s == null ? "" : s;
    }
}
