package io.caravel.activities.settings;

/**
 * The resolved values of the configuration's settings: for each, what the last layer that set it
 * wrote (flags over the environment over the YAML file), else its {@link Setting#defaultValue()}.
 * The layers are merged by the worker's configuration loader; a provider only reads.
 */
@FunctionalInterface
public interface SettingsSource {
    /** The value of {@code setting}; its default when no layer set it (which may be null). */
    <T> T get(Setting<T> setting);
}
