package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.caravel.activities.providers.docker.egress.EgressNetwork;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds and removes what the docker engine created, by its labels. */
final class ExecutionObjects {
    private static final Logger log = LoggerFactory.getLogger(ExecutionObjects.class);

    private final DockerClient docker;

    ExecutionObjects(DockerClient docker) {
        this.docker = docker;
    }

    /** Every container (running or not) carrying {@code key=value}. */
    List<Container> containers(String key, String value) {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(DockerLabels.filter(key, value)))
                .exec();
    }

    /**
     * Removes, forcibly, every container and network labelled with the execution; an egress network
     * with its firewall rules.
     */
    void removeExecution(String executionId) {
        for (Container container : containers(DockerLabels.EXECUTION, executionId)) {
            removeContainer(container.getId());
        }
        List<Network> networks =
                docker.listNetworksCmd()
                        .withFilter(
                                "label",
                                List.of(DockerLabels.filter(DockerLabels.EXECUTION, executionId)))
                        .exec();
        for (Network network : networks) {
            if (network.getName().equals(EgressNetwork.NAME_PREFIX + executionId)) {
                // Left by a worker that is gone: its firewall rules go with it.
                EgressNetwork.remove(docker, executionId);
                continue;
            }
            try {
                docker.removeNetworkCmd(network.getId()).exec();
            } catch (NotFoundException e) {
                log.debug("network {} already gone", network.getId());
            }
        }
    }

    /**
     * Kills and removes one container with its anonymous volumes; nothing when it is gone already.
     */
    void removeContainer(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            log.debug("container {} already gone", containerId);
        }
    }
}
