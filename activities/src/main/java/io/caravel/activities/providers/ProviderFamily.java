package io.caravel.activities.providers;

import com.google.inject.Module;
import io.caravel.activities.settings.SettingsDeclaration;
import java.util.List;

/**
 * A provider family's wiring ({@code io.caravel.activities.providers.<family>.XModule}): the Guice
 * module binding its providers, and the settings it declares. The worker composes the families'
 * declarations into its configuration (keys, variables, flags, documentation), resolves them and
 * binds each family's settings record under its class, so that the module can inject it.
 */
public interface ProviderFamily extends Module {
    /** The family's settings, in documentation order; none by default. */
    default List<SettingsDeclaration<?>> settings() {
        return List.of();
    }
}
