package io.caravel.api.model;

/**
 * Data staged into the task's file system before it runs: where it comes from ({@code Source}, may
 * be absent in a bad spec), an optional {@code Alias}, and the {@code Target} path it appears at.
 */
public record InputSource(SpecConfig source, String alias, String target) {
    public InputSource {
        alias = Immutables.text(alias);
        target = Immutables.text(target);
    }

    public InputSource withTarget(String newTarget) {
        return new InputSource(source, alias, newTarget);
    }
}
