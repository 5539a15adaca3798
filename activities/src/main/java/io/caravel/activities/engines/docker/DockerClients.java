package io.caravel.activities.engines.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Makes docker-java clients on the zero-dependency transport. No API version is set, so requests
 * go to the daemon's unversioned paths and the daemon answers in its own (newest) API version:
 * Caravel pins none and works with any daemon that accepts the calls it makes (API 1.41+ tested).
 */
public final class DockerClients {
    /** The Docker daemon Caravel talks to unless configured otherwise. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    /** Log streams and waits follow containers for as long as they run, so only connecting is bounded. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_CONNECTIONS = 64;

    private DockerClients() {
    }

    /** A client of the daemon at {@code host} ({@code unix:///path} or {@code tcp://host:port}). */
    public static DockerClient connect(String host) {
        URI uri = URI.create(host);
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .withDockerTlsVerify(false)
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(uri)
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(CONNECT_TIMEOUT)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** A client of {@code host} made on first use only, so a node that runs no docker job needs no daemon. */
    public static Supplier<DockerClient> lazy(String host) {
        Objects.requireNonNull(host, "host");
        return new Supplier<>() {
            private DockerClient client;

            @Override
            public synchronized DockerClient get() {
                if (client == null) {
                    client = connect(host);
                }
                return client;
            }
        };
    }
}
