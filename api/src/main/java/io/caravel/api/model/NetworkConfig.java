package io.caravel.api.model;

import java.util.List;

/** The network a task may use: the mode, allowed domains (HTTP mode) and ports (Host/Bridge). */
public record NetworkConfig(NetworkType type, List<String> domains, List<PortMapping> ports) {
    public static final NetworkConfig DEFAULT =
            new NetworkConfig(NetworkType.DEFAULT, List.of(), List.of());

    public NetworkConfig {
        type = type == null ? NetworkType.DEFAULT : type;
        domains = Immutables.list(domains);
        ports = Immutables.list(ports);
    }
}
