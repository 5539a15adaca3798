package io.caravel.api.errors;

import java.util.Objects;

/**
 * One thing wrong with a spec: where it is ({@code Tasks[0].InputSources[1].Target}) and what is
 * wrong, in words a user can act on. An empty path means the problem concerns the whole document.
 */
public record Problem(String path, String message) {
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
