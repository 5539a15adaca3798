package io.caravel.api.model;

/** A directory the task writes results to ({@code Path}), published under {@code Name}. */
public record ResultPath(String name, String path) {
    public ResultPath {
        name = Immutables.text(name);
        path = Immutables.text(path);
    }
}
