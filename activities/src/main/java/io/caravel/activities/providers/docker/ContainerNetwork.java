package io.caravel.activities.providers.docker;

import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.PortMapping;
import java.util.List;
import java.util.Map;

/**
 * How a container of an execution is connected, by the task's (effective) network mode. The seam
 * for modes that need objects of their own (HTTP: a per-execution internal network and an egress
 * proxy): {@link #attach} creates them, labelled with the execution, {@link #release} removes them.
 */
public interface ContainerNetwork {
    /**
     * Prepares the network of one execution.
     *
     * @throws io.caravel.api.errors.CaravelException when the mode cannot be offered here
     */
    Attachment attach(String executionId, NetworkConfig network);

    /** Removes what {@link #attach} created for the execution; nothing when it created nothing. */
    void release(String executionId);

    /**
     * What the container is created with.
     *
     * @param networkMode docker's {@code NetworkMode}: {@code none}, {@code host}, {@code bridge}
     *     or a network name
     * @param networkDisabled whether networking is off altogether
     * @param extraEnv variables added to the container's environment (e.g. proxy settings)
     * @param extraHosts {@code host:address} entries added to the container's {@code /etc/hosts}
     * @param published the task's ports to publish on the host (bridge networks only)
     */
    record Attachment(
            String networkMode,
            boolean networkDisabled,
            Map<String, String> extraEnv,
            List<String> extraHosts,
            List<PortMapping> published) {
        public Attachment {
            extraEnv = Map.copyOf(extraEnv);
            extraHosts = List.copyOf(extraHosts);
            published = List.copyOf(published);
        }
    }
}
