package io.caravel.api.errors;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems while a spec is read or validated, tracking the field path. {@link #at} returns
 * a view one level deeper that adds to the same list.
 */
public final class Problems {
    private final List<Problem> sink;
    private final String path;

    public Problems() {
        this(new ArrayList<>(), "");
    }

    private Problems(List<Problem> sink, String path) {
        this.sink = sink;
        this.path = path;
    }

    /**
     * A view for a named field below this one: {@code Tasks} then {@code Name} gives {@code
     * Tasks.Name}.
     */
    public Problems at(String field) {
        return new Problems(sink, path.isEmpty() ? field : path + "." + field);
    }

    /** A view for element {@code index} of the list at this path: {@code Tasks[0]}. */
    public Problems index(int index) {
        return new Problems(sink, path + "[" + index + "]");
    }

    /** A view for the map entry {@code key} at this path: {@code Env[FOO]}. */
    public Problems key(String key) {
        return new Problems(sink, path + "[" + key + "]");
    }

    public void add(String message) {
        sink.add(new Problem(path, message));
    }

    public String path() {
        return path;
    }

    public boolean isEmpty() {
        return sink.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(sink);
    }

    /** Throws {@link CaravelException#invalidSpec} when anything was collected. */
    public void throwIfInvalid() {
        if (!sink.isEmpty()) {
            throw CaravelException.invalidSpec(sink);
        }
    }
}
