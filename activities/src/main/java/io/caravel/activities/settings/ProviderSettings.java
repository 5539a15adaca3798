package io.caravel.activities.settings;

import io.caravel.api.errors.Problem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The providers' settings records, resolved: one per {@link SettingsDeclaration}, in the order of
 * the declarations. The worker's configuration holds them without naming any family, and binds each
 * record under its {@link SettingsDeclaration#type()}.
 */
public final class ProviderSettings {
    private final Map<SettingsDeclaration<?>, Object> records;

    private ProviderSettings(Map<SettingsDeclaration<?>, Object> records) {
        this.records = Collections.unmodifiableMap(records);
    }

    /**
     * Resolves every declaration from {@code source}, in order, adding what is invalid to {@code
     * problems} ({@link SettingsDeclaration#resolve}).
     */
    public static ProviderSettings resolve(
            List<SettingsDeclaration<?>> declarations,
            SettingsSource source,
            List<Problem> problems) {
        Map<SettingsDeclaration<?>, Object> records = new LinkedHashMap<>();
        for (SettingsDeclaration<?> d : declarations) {
            Object record = d.resolve(source, problems);
            if (records.put(d, record) != null) {
                throw new IllegalArgumentException(d.section() + " is declared twice");
            }
        }
        return new ProviderSettings(records);
    }

    /** The declarations, in order. */
    public List<SettingsDeclaration<?>> declarations() {
        return List.copyOf(records.keySet());
    }

    /**
     * The record {@code declaration} resolved to.
     *
     * @throws IllegalArgumentException when {@code declaration} is not one of these
     */
    public <R> R get(SettingsDeclaration<R> declaration) {
        Object record = records.get(declaration);
        if (record == null) {
            throw new IllegalArgumentException(
                    "no provider declares the settings of " + declaration.section());
        }
        return declaration.type().cast(record);
    }

    /** These settings with {@code declaration}'s record replaced by {@code change} of it. */
    public <R> ProviderSettings with(SettingsDeclaration<R> declaration, UnaryOperator<R> change) {
        Map<SettingsDeclaration<?>, Object> changed = new LinkedHashMap<>(records);
        changed.put(declaration, change.apply(get(declaration)));
        return new ProviderSettings(changed);
    }

    /** Every record's values by key ({@link SettingsDeclaration#values}), which resolve back. */
    public Map<Setting<?>, Object> values() {
        Map<Setting<?>, Object> out = new LinkedHashMap<>();
        records.keySet().forEach(d -> out.putAll(valuesOf(d)));
        return out;
    }

    private <R> Map<Setting<?>, Object> valuesOf(SettingsDeclaration<R> declaration) {
        return declaration.values(get(declaration));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderSettings other && records.equals(other.records);
    }

    @Override
    public int hashCode() {
        return records.hashCode();
    }

    @Override
    public String toString() {
        return records.values().toString();
    }
}
