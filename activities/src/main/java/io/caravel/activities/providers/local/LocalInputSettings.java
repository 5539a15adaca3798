package io.caravel.activities.providers.local;

import io.caravel.activities.settings.Setting;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.activities.settings.SettingsSource;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import io.caravel.api.providers.local.LocalAllowList;
import java.util.Arrays;
import java.util.List;

/**
 * Which host paths the {@code local} input source may mount. Declares its key ({@link
 * #DECLARATION}); the worker's configuration composes it.
 *
 * @param allowedPaths globs of host paths, each optionally {@code :rw}; empty disables local
 *     sources
 */
public record LocalInputSettings(List<String> allowedPaths) {
    /** The documentation section of these keys. */
    public static final String SECTION = "Local input keys";

    public static final LocalInputSettings DEFAULTS = new LocalInputSettings(List.of());

    public static final Setting<List<String>> ALLOWED_PATHS =
            Setting.list(
                    SECTION,
                    "allowedLocalPaths",
                    "Globs of host paths that local input sources may mount, each optionally :rw"
                            + " (/data/**, /data/**:rw); empty disables local sources.");

    /** The local input source's key and how it makes {@link LocalInputSettings}. */
    public static final SettingsDeclaration<LocalInputSettings> DECLARATION =
            SettingsDeclaration.of(
                    LocalInputSettings.class,
                    SECTION,
                    List.of(ALLOWED_PATHS),
                    LocalInputSettings::resolve,
                    s -> Arrays.asList(s.allowedPaths()));

    public LocalInputSettings {
        allowedPaths =
                allowedPaths == null
                        ? List.of()
                        : allowedPaths.stream().map(String::strip).toList();
    }

    /** The allow-list, parsed; the entries were checked when these settings were resolved. */
    public LocalAllowList allowList() {
        return LocalAllowList.parse(allowedPaths);
    }

    private static LocalInputSettings resolve(SettingsSource source, List<Problem> problems) {
        List<String> paths = source.get(ALLOWED_PATHS);
        paths = paths == null ? List.of() : paths;
        try {
            LocalAllowList.parse(paths);
        } catch (CaravelException e) {
            problems.add(new Problem(ALLOWED_PATHS.key(), e.getMessage()));
            return DEFAULTS;
        }
        return new LocalInputSettings(paths);
    }
}
