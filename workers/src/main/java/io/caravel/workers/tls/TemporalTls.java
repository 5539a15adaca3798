package io.caravel.workers.tls;

import io.caravel.api.errors.Problem;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.serviceclient.ServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Client TLS towards a Temporal frontend from PEM files, as the worker's {@code tls*} keys and the
 * CLI's {@code --tls*} flags describe it. On when {@code enabled} or any file or the server name is
 * given; without a CA file the JVM's trust store is used; a client certificate needs {@code cert}
 * and {@code key} (the callers check the pairing, each naming its own settings).
 *
 * @param serverName the name to verify the server's certificate against (and send as SNI) instead
 *     of the address's host
 */
public record TemporalTls(
        boolean enabled,
        Optional<Path> cert,
        Optional<Path> key,
        Optional<Path> ca,
        Optional<String> serverName) {
    public static final TemporalTls OFF =
            new TemporalTls(
                    false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public TemporalTls {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(serverName, "serverName");
        enabled =
                enabled
                        || cert.isPresent()
                        || key.isPresent()
                        || ca.isPresent()
                        || serverName.isPresent();
    }

    /** What the user calls each setting, so that errors name the key or flag they set. */
    public record Names(String enabled, String cert, String key, String ca) {}

    /**
     * Sets {@code options} up for this TLS: an SSL context when a file is given, else plain HTTPS
     * with the JVM's trust store when enabled; nothing when off.
     *
     * @throws UnusableTlsFilesException listing each file that cannot be read, or why the files
     *     cannot be used
     */
    public void applyTo(ServiceStubsOptions.Builder<?> options, Names names) {
        if (!enabled) {
            return;
        }
        if (cert.isPresent() || key.isPresent() || ca.isPresent()) {
            options.setSslContext(sslContext(names));
        } else {
            options.setEnableHttps(true);
        }
        serverName.ifPresent(
                name -> options.setChannelInitializer(channel -> channel.overrideAuthority(name)));
    }

    /**
     * The client SSL context of these files.
     *
     * @throws UnusableTlsFilesException listing each file that cannot be read, or why the files
     *     cannot be used
     */
    public SslContext sslContext(Names names) {
        List<Problem> problems = new ArrayList<>();
        readable(problems, names.cert(), cert);
        readable(problems, names.key(), key);
        readable(problems, names.ca(), ca);
        if (!problems.isEmpty()) {
            throw new UnusableTlsFilesException(problems, null);
        }
        try {
            SslContextBuilder builder = GrpcSslContexts.forClient();
            ca.ifPresent(file -> builder.trustManager(file.toFile()));
            if (cert.isPresent() && key.isPresent()) {
                builder.keyManager(cert.get().toFile(), key.get().toFile());
            }
            return builder.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new UnusableTlsFilesException(
                    List.of(
                            new Problem(
                                    names.enabled(),
                                    "the TLS files cannot be used: "
                                            + e.getMessage()
                                            + "; "
                                            + names.cert()
                                            + " and "
                                            + names.ca()
                                            + " must be PEM certificates and "
                                            + names.key()
                                            + " a PEM PKCS#8 private key")),
                    e);
        }
    }

    private static void readable(List<Problem> problems, String name, Optional<Path> file) {
        if (file.isPresent() && !Files.isReadable(file.get())) {
            problems.add(
                    new Problem(
                            name,
                            "cannot read "
                                    + file.get()
                                    + ": "
                                    + (Files.exists(file.get())
                                            ? "permission denied"
                                            : "no such file")));
        }
    }
}
