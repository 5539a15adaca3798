package io.caravel.activities.settings;

import io.caravel.api.errors.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The settings one provider family owns (the keys it declares, in documentation order) and how it
 * builds its typed settings record from them. The worker's configuration composes every provider's
 * declaration with its own node-wide keys: one YAML file, one set of {@code CARAVEL_*} variables
 * and flags, one table per section in {@code docs/configuration.md}.
 *
 * @param <R> the provider's typed settings record
 */
public interface SettingsDeclaration<R> {
    /** The record's class, which the worker binds the resolved record to. */
    Class<R> type();

    /** The documentation section of these keys, e.g. {@code Docker engine keys}. */
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
     * The values that {@link #resolve} turns back into {@code settings}, by key: a builder started
     * from a built configuration keeps them. A value may be null where {@link #resolve} reads null
     * as empty.
     */
    Map<Setting<?>, Object> values(R settings);

    /**
     * A declaration of {@code settings}, each of {@code section} (the worker checks that when it
     * composes the declarations).
     *
     * @param type the record's class
     * @param resolve checks the values and builds the record, as {@link #resolve}
     * @param values the values of a record, one per setting in the order of {@code settings}
     */
    static <R> SettingsDeclaration<R> of(
            Class<R> type,
            String section,
            List<Setting<?>> settings,
            BiFunction<SettingsSource, List<Problem>, R> resolve,
            Function<R, List<Object>> values) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(section, "section");
        List<Setting<?>> keys = List.copyOf(settings);
        Objects.requireNonNull(resolve, "resolve");
        Objects.requireNonNull(values, "values");
        return new SettingsDeclaration<>() {
            @Override
            public Class<R> type() {
                return type;
            }

            @Override
            public String section() {
                return section;
            }

            @Override
            public List<Setting<?>> settings() {
                return keys;
            }

            @Override
            public R resolve(SettingsSource source, List<Problem> problems) {
                return resolve.apply(source, problems);
            }

            @Override
            public Map<Setting<?>, Object> values(R record) {
                List<Object> given = values.apply(record);
                if (given.size() != keys.size()) {
                    throw new IllegalStateException(
                            section
                                    + " gives "
                                    + given.size()
                                    + " values for "
                                    + keys.size()
                                    + " keys");
                }
                Map<Setting<?>, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    out.put(keys.get(i), given.get(i));
                }
                return out;
            }

            @Override
            public String toString() {
                return section;
            }
        };
    }
}
