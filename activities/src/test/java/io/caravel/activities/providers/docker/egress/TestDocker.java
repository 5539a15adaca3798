package io.caravel.activities.providers.docker.egress;

import com.github.dockerjava.api.DockerClient;
import io.caravel.activities.providers.docker.DockerClients;

/** A client of the local dockerd (scripts/docker-dev.sh starts it) for tests. */
final class TestDocker {
    static final String SOCKET =
            System.getenv().getOrDefault("CARAVEL_DOCKER_SOCKET", "/var/run/docker.sock");
    static final String IMAGE =
            System.getenv().getOrDefault("CARAVEL_TEST_IMAGE", "caravel-test/busybox:1");

    private TestDocker() {}

    static DockerClient client() {
        return DockerClients.connect("unix://" + SOCKET);
    }
}
