package io.caravel.api.model;

/**
 * A port exposed by a networked task: {@code Name} becomes part of an environment variable, {@code
 * Static} is the host port (0 = allocated by the node), {@code Target} the container port, {@code
 * HostNetwork} the host interface to bind.
 */
public record PortMapping(String name, int staticPort, int target, String hostNetwork) {
    public PortMapping {
        name = Immutables.text(name);
        hostNetwork = Immutables.text(hostNetwork);
    }
}
