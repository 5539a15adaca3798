package io.caravel.api.network;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.PortMapping;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates the port mappings of a task's network with Bacalhau's rules and messages. */
public final class Ports {
    /** Prefix of the variable that tells a task its host port; the name must fit after it. */
    static final String HOST_PORT_PREFIX = "BACALHAU_HOST_PORT_";

    /** Longest port name: the whole variable name must stay within 256 characters. */
    static final int MAX_NAME_LENGTH = 256 - HOST_PORT_PREFIX.length();

    static final int MIN_STATIC_PORT = 1024;
    static final int MAX_PORT = 65535;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Ports() {}

    /**
     * Adds a problem to {@code problems} (which points at the {@code Network} field) for each
     * broken rule, at {@code Ports} or {@code Ports[i].<Field>}: ports only in Host, Full or Bridge
     * mode; a name that is a valid environment variable name of at most {@value #MAX_NAME_LENGTH}
     * characters; a static port of 0 (allocated by the node) or 1024..65535; a target port of
     * 0..65535, which must be 0 in Host mode; a host network that is empty or an IP address; no two
     * ports with the same name, static port or (Bridge) target port. Unlike Bacalhau, which stops
     * at the first broken rule of a port, every problem is reported.
     */
    public static void validate(NetworkConfig network, Problems problems) {
        if (network == null || network.ports().isEmpty()) {
            return;
        }
        NetworkType type = network.type();
        Problems ports = problems.at("Ports");
        boolean supported = type.isHost() || type == NetworkType.BRIDGE;
        if (!supported) {
            ports.add(
                    "ports can only be set for Host or Bridge network modes; the network type is "
                            + type.canonical()
                            + ", set Type to Host or Bridge or remove Ports");
        }
        Set<String> names = new HashSet<>();
        Set<Integer> statics = new HashSet<>();
        Set<Integer> targets = new HashSet<>();
        List<PortMapping> list = network.ports();
        for (int i = 0; i < list.size(); i++) {
            Problems at = ports.index(i);
            PortMapping port = list.get(i);
            if (port == null) {
                at.add("port mapping is empty; give at least a Name");
                continue;
            }
            checkName(port.name(), at.at("Name"), names);
            checkStatic(port.staticPort(), at.at("Static"), statics);
            checkTarget(port.target(), type, at.at("Target"), targets);
            if (!port.hostNetwork().isEmpty() && !IpLiterals.isLiteral(port.hostNetwork())) {
                at.at("HostNetwork")
                        .add(
                                "invalid host network IP address: "
                                        + port.hostNetwork()
                                        + "; use an IP address of this host's interface such as 127.0.0.1, or leave it empty "
                                        + "for all interfaces");
            }
        }
    }

    private static void checkName(String name, Problems at, Set<String> seen) {
        if (name.isEmpty()) {
            at.add(
                    "port mapping name is required; it names the variables BACALHAU_HOST_PORT_<Name> "
                            + "and BACALHAU_PORT_<Name>");
            return;
        }
        if (!NAME.matcher(name).matches()) {
            at.add(
                    "port name must be a valid environment variable name: "
                            + name
                            + "; start with a letter or underscore and use only letters, numbers and underscores");
        } else if (name.length() > MAX_NAME_LENGTH) {
            at.add(
                    "port name too long (max "
                            + MAX_NAME_LENGTH
                            + " characters): "
                            + name.length()
                            + " characters");
        }
        if (!seen.add(name)) {
            at.add("duplicate port mapping name \"" + name + "\"; each port needs its own name");
        }
    }

    private static void checkStatic(int port, Problems at, Set<Integer> seen) {
        if (port == 0) {
            return;
        }
        if (port < 0) {
            at.add(
                    "static port "
                            + port
                            + " is negative; use 0 to let the node pick a port, or "
                            + MIN_STATIC_PORT
                            + ".."
                            + MAX_PORT);
        } else if (port < MIN_STATIC_PORT) {
            at.add(
                    "static port "
                            + port
                            + " is in privileged port range (1-1023); use 0 to let the node "
                            + "pick a port, or "
                            + MIN_STATIC_PORT
                            + ".."
                            + MAX_PORT);
        } else if (port > MAX_PORT) {
            at.add("static port " + port + " is above maximum valid port 65535");
        }
        if (!seen.add(port)) {
            at.add(
                    "duplicate port mapping static port "
                            + port
                            + "; each port needs its own static port");
        }
    }

    private static void checkTarget(int port, NetworkType type, Problems at, Set<Integer> seen) {
        if (port < 0 || port > MAX_PORT) {
            at.add("invalid target port " + port + "; use 0.." + MAX_PORT);
            return;
        }
        if (port == 0) {
            return;
        }
        if (type.isHost()) {
            at.add(
                    "target ports cannot be set for Host network mode; the task uses the host port directly, "
                            + "so leave Target at 0");
        } else if (type == NetworkType.BRIDGE && !seen.add(port)) {
            at.add(
                    "duplicate port mapping target port "
                            + port
                            + "; each port needs its own target port");
        }
    }
}
