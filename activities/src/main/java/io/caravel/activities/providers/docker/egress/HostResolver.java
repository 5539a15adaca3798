package io.caravel.activities.providers.docker.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses for the egress proxy; tests inject one that maps names to
 * loopback.
 */
@FunctionalInterface
public interface HostResolver {
    /** The JVM's resolver ({@link InetAddress#getAllByName}). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * The addresses of {@code host}, never empty.
     *
     * @throws UnknownHostException when the name has no address
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
