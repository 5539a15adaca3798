package io.caravel.activities.settings;

import io.caravel.api.errors.Problem;
import java.util.List;
import java.util.Map;

/**
 * The settings one provider family owns (the keys it declares, in documentation order) and how it
 * builds its typed settings record from them. The worker's configuration composes every provider's
 * declaration with its own node-wide keys: one YAML file, one set of {@code CARAVEL_*} variables
 * and flags, one table per section in {@code docs/configuration.md}.
 *
 * @param <R> the provider's typed settings record
 */
public interface SettingsDeclaration<R> {
    /** The documentation section of these keys, e.g. {@code docker engine}. */
    String section();

    /** The keys, in documentation order; each belongs to {@link #section()}. */
    List<Setting<?>> settings();

    /**
     * Checks the values and builds the record. Every invalid value is added to {@code problems}
     * under its key's name ({@link Setting#key()}), with what would be accepted; the loader adds
     * where it was set. With problems, the returned record is unspecified (the defaults, usually).
     */
    R resolve(SettingsSource source, List<Problem> problems);

    /**
     * The values that {@link #resolve} turns back into {@code settings}: a builder started from a
     * built configuration keeps them.
     */
    Map<Setting<?>, Object> values(R settings);
}
