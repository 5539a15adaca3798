package io.caravel.workers.config;

import io.caravel.activities.settings.Setting;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.workers.assembly.BuiltinProviders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every key of the worker configuration: the node-wide keys of {@link ConfigKey}, then the keys
 * each provider family declares ({@link #PROVIDERS}), in documentation order. This is what the
 * loader reads, what {@code caravel-worker --help} prints and what {@code docs/configuration.md}
 * lists, one table per {@link Setting#section() section}.
 */
public final class WorkerSettings {
    /**
     * The providers' declarations, in documentation order after the node-wide keys: those of the
     * built-in families, in their order.
     */
    static final List<SettingsDeclaration<?>> PROVIDERS = BuiltinProviders.settings();

    private static final List<Setting<?>> ALL = compose();

    private WorkerSettings() {}

    private static List<Setting<?>> compose() {
        List<Setting<?>> all = new ArrayList<>();
        Arrays.stream(ConfigKey.values()).forEach(k -> all.add(k.setting()));
        for (SettingsDeclaration<?> d : PROVIDERS) {
            for (Setting<?> s : d.settings()) {
                if (!s.section().equals(d.section())) {
                    throw new IllegalStateException(
                            s.key()
                                    + " is declared in "
                                    + d.section()
                                    + " but says "
                                    + s.section());
                }
                all.add(s);
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Setting<?> s : all) {
            if (!seen.add(Setting.normalize(s.key()))) {
                throw new IllegalStateException(
                        "the configuration key " + s.key() + " is declared twice");
            }
        }
        return List.copyOf(all);
    }

    /** Every key, node-wide first, in documentation order. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /** Every section, in documentation order. */
    public static List<String> sections() {
        return ALL.stream().map(Setting::section).distinct().toList();
    }

    /** Every key, as written in the YAML file, in documentation order. */
    public static List<String> names() {
        return ALL.stream().map(Setting::key).toList();
    }

    /** Every flag, in documentation order. */
    static List<String> flags() {
        return ALL.stream().map(Setting::flag).toList();
    }

    /** The key whose name is {@code name}, ignoring case, {@code -}, {@code _} and {@code .}. */
    public static Optional<Setting<?>> find(String name) {
        return ALL.stream().filter(s -> s.matches(name)).findFirst();
    }
}
