package io.caravel.cli;

import io.caravel.api.errors.Problem;
import io.caravel.workers.tls.TemporalTls;
import io.caravel.workers.tls.UnusableTlsFilesException;
import io.temporal.serviceclient.ServiceStubsOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The global {@code --tls*} flags as given (each possibly from its environment variable), checked
 * and turned into the {@link TemporalTls} the worker uses too. Named as the Temporal CLI's.
 */
record TlsFlags(Boolean tls, String certPath, String keyPath, String caPath, String serverName) {
    static final String TLS = "--tls";
    static final String CERT = "--tls-cert-path";
    static final String KEY = "--tls-key-path";
    static final String CA = "--tls-ca-path";
    static final String SERVER_NAME = "--tls-server-name";
    static final TemporalTls.Names NAMES = new TemporalTls.Names(TLS, CERT, KEY, CA);

    /**
     * The TLS these flags ask for.
     *
     * @throws CliException exit code {@link ExitCodes#USAGE} for a certificate without its key (or
     *     the reverse), or {@code --tls=false} with another TLS flag
     */
    TemporalTls settings() {
        Optional<Path> cert = path(certPath);
        Optional<Path> key = path(keyPath);
        Optional<Path> ca = path(caPath);
        Optional<String> name =
                Optional.ofNullable(serverName).map(String::strip).filter(s -> !s.isEmpty());
        if (cert.isPresent() != key.isPresent()) {
            throw usage(
                    (cert.isPresent() ? CERT + " needs " + KEY : KEY + " needs " + CERT)
                            + ": a client certificate is a certificate and its private key",
                    "pass both "
                            + CERT
                            + " and "
                            + KEY
                            + ", or neither for TLS without a client certificate");
        }
        boolean anyOther = cert.isPresent() || ca.isPresent() || name.isPresent();
        if (Boolean.FALSE.equals(tls) && anyOther) {
            throw usage(
                    TLS
                            + "=false contradicts "
                            + (cert.isPresent() ? CERT : ca.isPresent() ? CA : SERVER_NAME),
                    "drop "
                            + TLS
                            + "=false (any other TLS flag turns TLS on), or drop the other TLS flags");
        }
        return new TemporalTls(Boolean.TRUE.equals(tls), cert, key, ca, name);
    }

    /**
     * Sets {@code options} up for {@code tls}.
     *
     * @throws CliException exit code {@link ExitCodes#USAGE} naming each flag whose file cannot be
     *     read or used
     */
    static void apply(TemporalTls tls, ServiceStubsOptions.Builder<?> options) {
        try {
            tls.applyTo(options, NAMES);
        } catch (UnusableTlsFilesException e) {
            throw usage(
                    e.problems().stream().map(Problem::toString).collect(Collectors.joining("; ")),
                    "pass readable PEM files: certificates for "
                            + CERT
                            + " and "
                            + CA
                            + ", an unencrypted PKCS#8"
                            + " key for "
                            + KEY);
        }
    }

    private static Optional<Path> path(String value) {
        return Optional.ofNullable(value)
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Path::of);
    }

    private static CliException usage(String message, String hint) {
        return new CliException(message, hint, ExitCodes.USAGE, null);
    }
}
