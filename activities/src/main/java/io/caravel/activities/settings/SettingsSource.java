package io.caravel.activities.settings;

import java.util.Map;

/**
 * The resolved values of the configuration's settings: for each, what the last layer that set it
 * wrote (flags over the environment over the YAML file), else its {@link Setting#defaultValue()}.
 * The layers are merged by the worker's configuration loader; a provider only reads.
 */
@FunctionalInterface
public interface SettingsSource {
    /**
     * The value of {@code setting}; its default when no layer set it. May be null (a null default,
     * or null set through the worker's builder), which providers read as empty.
     */
    <T> T get(Setting<T> setting);

    /**
     * The values of {@code values} (a live view: later changes show), each setting's default for
     * the others. Each value must be of its setting's type.
     */
    static SettingsSource of(Map<Setting<?>, Object> values) {
        return new SettingsSource() {
            @Override
            @SuppressWarnings("unchecked") // the values were put by their setting's type
            public <T> T get(Setting<T> setting) {
                return values.containsKey(setting)
                        ? (T) values.get(setting)
                        : setting.defaultValue();
            }
        };
    }
}
