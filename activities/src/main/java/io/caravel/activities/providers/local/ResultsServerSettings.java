package io.caravel.activities.providers.local;

import io.caravel.activities.settings.Setting;
import io.caravel.activities.settings.SettingChecks;
import io.caravel.activities.settings.SettingValue;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.activities.settings.SettingsSource;
import io.caravel.api.errors.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The results server, which serves local-publisher archives and execution logs. Declares its keys
 * ({@link #DECLARATION}); the worker's configuration composes them.
 *
 * @param address the address it binds
 * @param port the port it binds; 0 for a free one
 * @param advertisedUrl its URL as clients reach it; empty for {@code http://<address>:<bound port>}
 * @param token the bearer token it requires; empty for none
 * @param tls the PEM certificate and key it serves HTTPS with; empty for plain HTTP
 * @param retention how long the local publisher's archives are kept; zero for ever
 */
public record ResultsServerSettings(
        String address,
        int port,
        Optional<String> advertisedUrl,
        Optional<String> token,
        Optional<ServerTls> tls,
        Duration retention) {
    /** The documentation section of these keys. */
    public static final String SECTION = "Results server and local publisher keys";

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 6001;

    /**
     * A day: long enough to fetch a job's results, short enough that a busy node's disk does not
     * fill up.
     */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

    public static final Setting<String> ADDRESS =
            Setting.string(
                    SECTION,
                    "resultsAddress",
                    "host",
                    DEFAULT_ADDRESS,
                    "Address the results server (local publisher archives, execution logs) binds;"
                            + " 0.0.0.0 for every interface. Bind beyond loopback only with"
                            + " resultsToken set.");

    public static final Setting<Integer> PORT =
            Setting.integer(
                    SECTION,
                    "resultsPort",
                    "port",
                    DEFAULT_PORT,
                    "Port of the results server; 0 picks a free one.");

    public static final Setting<String> ADVERTISED_URL =
            Setting.of(
                    SECTION,
                    "resultsAdvertisedUrl",
                    "url",
                    null,
                    "http://ADDRESS:PORT",
                    "The results server's URL as clients reach it, put in the URL of every local"
                            + " result (http://worker-1.example.com:6001).",
                    SettingValue::string);

    public static final Setting<String> TOKEN =
            Setting.string(
                    SECTION,
                    "resultsToken",
                    "secret",
                    "",
                    "Bearer token the results server requires (Authorization: Bearer TOKEN); empty"
                            + " for none.");

    public static final Setting<Path> TLS_CERT =
            Setting.path(
                    SECTION,
                    "resultsTlsCert",
                    "",
                    "PEM certificate (chain, server first) the results server presents: HTTPS"
                            + " instead of HTTP; needs resultsTlsKey.");

    public static final Setting<Path> TLS_KEY =
            Setting.path(
                    SECTION,
                    "resultsTlsKey",
                    "",
                    "PEM (PKCS#8, unencrypted; RSA or EC) private key of resultsTlsCert.");

    public static final Setting<Duration> RETENTION =
            Setting.duration(
                    SECTION,
                    "resultsRetention",
                    DEFAULT_RETENTION,
                    "How long the local publisher's archives are kept before a sweep deletes them;"
                            + " 0 keeps them forever.");

    /** The results server's keys and how they make {@link ResultsServerSettings}. */
    public static final SettingsDeclaration<ResultsServerSettings> DECLARATION =
            SettingsDeclaration.of(
                    ResultsServerSettings.class,
                    SECTION,
                    List.of(ADDRESS, PORT, ADVERTISED_URL, TOKEN, TLS_CERT, TLS_KEY, RETENTION),
                    ResultsServerSettings::resolve,
                    s ->
                            Arrays.asList(
                                    s.address(),
                                    s.port(),
                                    s.advertisedUrl().orElse(null),
                                    s.token().orElse(null),
                                    s.tls().map(ServerTls::cert).orElse(null),
                                    s.tls().map(ServerTls::key).orElse(null),
                                    s.retention()));

    public ResultsServerSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(advertisedUrl, "advertisedUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(retention, "retention");
    }

    /**
     * This node's results server as jobs reach it: {@code boundUrl} once it serves (so that {@code
     * port: 0} works), else as configured; empty when neither says (port 0 and no advertised URL).
     */
    public Optional<String> ownUrl(Optional<String> boundUrl) {
        if (boundUrl.isPresent()) {
            return boundUrl;
        }
        return advertisedUrl.isPresent() || port != 0
                ? Optional.of(advertisedUrl(port))
                : Optional.empty();
    }

    /** The URL to advertise once the server is bound to {@code boundPort}. */
    public String advertisedUrl(int boundPort) {
        return advertisedUrl.orElseGet(
                () ->
                        (tls.isPresent() ? "https" : "http")
                                + "://"
                                + (address.contains(":") ? "[" + address + "]" : address)
                                + ":"
                                + boundPort);
    }

    /** This, with the secret token hidden (for logs and {@code toString}). */
    @Override
    public String toString() {
        return "ResultsServerSettings[address="
                + address
                + ", port="
                + port
                + ", advertisedUrl="
                + advertisedUrl
                + ", token="
                + (token.isPresent() ? "(set)" : "(none)")
                + ", tls="
                + tls
                + ", retention="
                + retention
                + "]";
    }

    private static ResultsServerSettings resolve(SettingsSource source, List<Problem> problems) {
        String resultsAddress = source.get(ADDRESS);
        int resultsPort = source.get(PORT);
        String resultsAdvertisedUrl = source.get(ADVERTISED_URL);
        String resultsToken = source.get(TOKEN);
        Path resultsTlsCert = source.get(TLS_CERT);
        Path resultsTlsKey = source.get(TLS_KEY);
        Duration resultsRetention = source.get(RETENTION);
        String address = resultsAddress == null ? "" : resultsAddress.strip();
        if (address.isEmpty()
                || address.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            problems.add(
                    new Problem(
                            ADDRESS.key(),
                            "invalid address \""
                                    + address
                                    + "\"; use an IP address or host name such as 127.0.0.1, 0.0.0.0 or worker-1.example.com"));
        }
        if (resultsPort < 0 || resultsPort > 65535) {
            problems.add(
                    new Problem(
                            PORT.key(),
                            "invalid port "
                                    + resultsPort
                                    + "; use 1 to 65535, or 0 for a free port"));
        }
        String url = resultsAdvertisedUrl == null ? "" : resultsAdvertisedUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!url.isEmpty() && SettingChecks.httpUrl(url).isEmpty()) {
            problems.add(
                    new Problem(
                            ADVERTISED_URL.key(),
                            "invalid URL \""
                                    + url
                                    + "\"; use http://HOST:PORT or https://HOST:PORT, optionally with a path prefix"));
        }
        String token = resultsToken == null ? "" : resultsToken.strip();
        if ((resultsTlsCert == null) != (resultsTlsKey == null)) {
            problems.add(
                    new Problem(
                            resultsTlsCert == null ? TLS_CERT.key() : TLS_KEY.key(),
                            "resultsTlsCert and resultsTlsKey go together; set both"
                                    + " (PEM certificate and its PEM PKCS#8 key) or neither"));
        }
        Duration retention = resultsRetention == null ? DEFAULT_RETENTION : resultsRetention;
        if (retention.isNegative()) {
            problems.add(
                    new Problem(
                            RETENTION.key(),
                            "invalid retention "
                                    + retention
                                    + "; use a duration such as 24h or 30m, or 0 to keep archives for ever"));
        }
        return new ResultsServerSettings(
                address,
                resultsPort,
                url.isEmpty() ? Optional.empty() : Optional.of(url),
                token.isEmpty() ? Optional.empty() : Optional.of(token),
                resultsTlsCert == null || resultsTlsKey == null
                        ? Optional.empty()
                        : Optional.of(new ServerTls(resultsTlsCert, resultsTlsKey)),
                retention);
    }

    /**
     * The results server's certificate (PEM, the chain with the server's first) and its PEM PKCS#8
     * key.
     */
    public record ServerTls(Path cert, Path key) {
        public ServerTls {
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(key, "key");
        }
    }
}
