package io.caravel.activities.engines.docker.egress;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;

/** A client of the local dockerd (scripts/docker-dev.sh starts it) for tests. */
final class TestDocker {
    static final String SOCKET = System.getenv().getOrDefault("CARAVEL_DOCKER_SOCKET", "/var/run/docker.sock");
    static final String IMAGE = System.getenv().getOrDefault("CARAVEL_TEST_IMAGE", "caravel-test/busybox:1");

    private TestDocker() {
    }

    static DockerClient client() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix://" + SOCKET)
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(120))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
