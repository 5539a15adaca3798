package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes docker-java clients on the zero-dependency transport. No API version is set, so requests go
 * to the daemon's unversioned paths and the daemon answers in its own (newest) API version: Caravel
 * pins none and works with any daemon that accepts the calls it makes (API 1.41+ tested).
 */
public final class DockerClients {
    /** The Docker daemon Caravel talks to unless configured otherwise. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /**
     * Log streams and waits follow containers for as long as they run, so only connecting is
     * bounded.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Each running container holds three streams (log, wait, events), and a node runs many
     * containers.
     */
    private static final int MAX_CONNECTIONS = 256;

    private DockerClients() {}

    /** A client of the daemon at {@code host} ({@code unix:///path} or {@code tcp://host:port}). */
    public static DockerClient connect(String host) {
        return connect(host, Optional.empty());
    }

    /**
     * A client of the daemon at {@code host}; with {@code certDir}, over TLS: the daemon must
     * present a certificate signed by {@code certDir/ca.pem}, and the client presents {@code
     * cert.pem} with {@code key.pem} (the layout of Docker's {@code DOCKER_CERT_PATH}).
     */
    public static DockerClient connect(String host, Optional<Path> certDir) {
        return connect(host, certDir, Optional.empty());
    }

    /**
     * As {@link #connect(String, Optional)}, with every answer awaited at most {@code
     * responseTimeout} when given: for short requests only (a ping), since log streams and waits
     * last as long as their container.
     */
    static DockerClient connect(
            String host, Optional<Path> certDir, Optional<Duration> responseTimeout) {
        URI uri = URI.create(host);
        DefaultDockerClientConfig.Builder builder =
                DefaultDockerClientConfig.createDefaultConfigBuilder()
                        .withDockerHost(host)
                        .withDockerTlsVerify(certDir.isPresent());
        certDir.ifPresent(dir -> builder.withDockerCertPath(dir.toAbsolutePath().toString()));
        DefaultDockerClientConfig config = builder.build();
        ZerodepDockerHttpClient.Builder http =
                new ZerodepDockerHttpClient.Builder()
                        .dockerHost(uri)
                        .sslConfig(config.getSSLConfig())
                        .maxConnections(MAX_CONNECTIONS)
                        .connectionTimeout(
                                responseTimeout
                                        .filter(t -> t.compareTo(CONNECT_TIMEOUT) < 0)
                                        .orElse(CONNECT_TIMEOUT));
        responseTimeout.ifPresent(http::responseTimeout);
        return DockerClientImpl.getInstance(config, http.build());
    }

    /**
     * A client of {@code host} made on first use only, so a node that runs no docker job needs no
     * daemon.
     */
    public static Lazy lazy(String host) {
        return lazy(host, Optional.empty());
    }

    /** As {@link #lazy(String)}, over TLS with the certificates in {@code certDir} when given. */
    public static Lazy lazy(String host, Optional<Path> certDir) {
        return new Lazy(host, certDir);
    }

    /**
     * The daemon at a host, as the node's configuration names it; its clients are made on first
     * use.
     */
    public static final class Lazy implements Supplier<DockerClient> {
        private final String host;
        private final Optional<Path> certDir;
        private DockerClient client;
        private final java.util.Map<Duration, DockerClient> quick = new java.util.HashMap<>();

        private Lazy(String host, Optional<Path> certDir) {
            this.host = Objects.requireNonNull(host, "host");
            this.certDir = Objects.requireNonNull(certDir, "certDir");
        }

        /** The daemon, e.g. {@code unix:///var/run/docker.sock}. */
        public String host() {
            return host;
        }

        @Override
        public synchronized DockerClient get() {
            if (client == null) {
                client = connect(host, certDir);
            }
            return client;
        }

        /**
         * A client of its own whose answers are awaited at most {@code timeout}, one per timeout:
         * for short requests (a ping, a disk measurement) that must not wait on, or hold up, the
         * main client.
         */
        synchronized DockerClient quick(Duration timeout) {
            return quick.computeIfAbsent(timeout, t -> connect(host, certDir, Optional.of(t)));
        }

        @Override
        public String toString() {
            return host;
        }
    }
}
