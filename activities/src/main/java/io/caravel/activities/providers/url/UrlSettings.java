package io.caravel.activities.providers.url;

import io.caravel.activities.settings.Setting;
import io.caravel.activities.settings.SettingChecks;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.activities.settings.SettingsSource;
import io.caravel.api.errors.Problem;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How the urlDownload input source waits and retries. Declares its keys ({@link #DECLARATION}); the
 * worker's configuration composes them.
 *
 * @param readTimeout the longest wait for the server's answer, and then for each next bytes
 * @param maxRetries retries of a transient failure
 */
public record UrlSettings(Duration readTimeout, int maxRetries) {
    /** The documentation section of these keys. */
    public static final String SECTION = "URL download keys";

    /** Bacalhau's InputSources.ReadTimeout default. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(5);

    /** Bacalhau's InputSources.MaxRetryCount default. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    public static final Setting<Duration> READ_TIMEOUT =
            Setting.duration(
                    SECTION,
                    "urlReadTimeout",
                    DEFAULT_READ_TIMEOUT,
                    "The longest a urlDownload input waits for the server's answer, and then for"
                            + " each next bytes of the file, before the attempt fails (and is"
                            + " retried).");

    public static final Setting<Integer> MAX_RETRIES =
            Setting.integer(
                    SECTION,
                    "urlMaxRetries",
                    "count",
                    DEFAULT_MAX_RETRIES,
                    "Retries of a urlDownload after a transient failure (HTTP 5xx, 408, 429, refused"
                            + " connection, timeout), with doubling back-off from 250ms; other 4xx"
                            + " answers are never retried.");

    /** The urlDownload keys and how they make {@link UrlSettings}. */
    public static final SettingsDeclaration<UrlSettings> DECLARATION =
            SettingsDeclaration.of(
                    UrlSettings.class,
                    SECTION,
                    List.of(READ_TIMEOUT, MAX_RETRIES),
                    UrlSettings::resolve,
                    s -> Arrays.asList(s.readTimeout(), s.maxRetries()));

    public UrlSettings {
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    private static UrlSettings resolve(SettingsSource source, List<Problem> problems) {
        Duration timeout = source.get(READ_TIMEOUT);
        SettingChecks.positive(problems, READ_TIMEOUT.key(), timeout, false);
        int retries = source.get(MAX_RETRIES);
        if (retries < 0) {
            problems.add(new Problem(MAX_RETRIES.key(), "must be 0 or more, got " + retries));
        }
        return new UrlSettings(timeout == null ? DEFAULT_READ_TIMEOUT : timeout, retries);
    }
}
