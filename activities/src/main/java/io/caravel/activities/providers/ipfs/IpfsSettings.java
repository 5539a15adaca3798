package io.caravel.activities.providers.ipfs;

import io.caravel.activities.settings.Setting;
import io.caravel.activities.settings.SettingChecks;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.activities.settings.SettingsSource;
import io.caravel.api.errors.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the ipfs input source, the ipfs publisher and {@code job get} of ipfs results reach Kubo.
 * Declares its keys ({@link #DECLARATION}); the worker's configuration composes them.
 *
 * @param api Kubo's RPC API; empty when ipfs is off on this node
 * @param timeout how long one call to Kubo may take, the transfer included
 */
public record IpfsSettings(Optional<URI> api, Duration timeout) {
    /** The documentation section of these keys. */
    public static final String SECTION = "IPFS keys";

    public static final String DEFAULT_API = "http://127.0.0.1:5001";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public static final Setting<String> API =
            Setting.string(
                    SECTION,
                    "ipfsApi",
                    "url",
                    DEFAULT_API,
                    "Kubo's RPC API, used by ipfs inputs, the ipfs publisher and job get of ipfs"
                            + " results; empty turns ipfs off on this node.");

    public static final Setting<Duration> TIMEOUT =
            Setting.duration(
                    SECTION,
                    "ipfsTimeout",
                    DEFAULT_TIMEOUT,
                    "How long one call to Kubo (an add, a fetch) may take, the transfer included.");

    /** The ipfs keys and how they make {@link IpfsSettings}. */
    public static final SettingsDeclaration<IpfsSettings> DECLARATION =
            SettingsDeclaration.of(
                    IpfsSettings.class,
                    SECTION,
                    List.of(API, TIMEOUT),
                    IpfsSettings::resolve,
                    s -> Arrays.asList(s.api().map(URI::toString).orElse(""), s.timeout()));

    public IpfsSettings {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(timeout, "timeout");
    }

    private static IpfsSettings resolve(SettingsSource source, List<Problem> problems) {
        String api = source.get(API);
        api = api == null ? "" : api.strip();
        while (api.endsWith("/")) {
            api = api.substring(0, api.length() - 1);
        }
        Optional<URI> apiUri = Optional.empty();
        if (!api.isEmpty()) {
            apiUri = SettingChecks.httpUrl(api);
            if (apiUri.isEmpty()) {
                problems.add(
                        new Problem(
                                API.key(),
                                "invalid URL \""
                                        + api
                                        + "\"; use Kubo's RPC"
                                        + " API address such as http://127.0.0.1:5001, or empty to turn ipfs off"));
            }
        }
        Duration timeout = source.get(TIMEOUT);
        SettingChecks.positive(problems, TIMEOUT.key(), timeout, false);
        return new IpfsSettings(apiUri, timeout == null ? DEFAULT_TIMEOUT : timeout);
    }
}
