package io.caravel.activities.engines.docker.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/** Which resolved addresses the egress proxy may connect to, after the name itself was allowed. */
public enum TargetAddresses {
    /**
     * Every address except the proxy host's own: loopback, wildcard, link-local (cloud metadata
     * services live at 169.254.169.254), multicast, and any address of one of the host's network
     * interfaces (the docker0 and egress gateway addresses among them). The proxy runs in the
     * worker's JVM, so a declared name that resolves to one of these would otherwise hand the job
     * the worker host's own services (Temporal, the results server). Private ranges of other hosts
     * stay reachable, as through Bacalhau's gateway. The default.
     */
    NOT_HOST_LOCAL {
        @Override
        boolean permits(InetAddress a) {
            return !hostLocal(a);
        }
    },
    /**
     * {@link #NOT_HOST_LOCAL} and, in addition, no private or shared ranges: IPv4 10/8, 172.16/12,
     * 192.168/16, 100.64/10 (carrier-grade NAT) and IPv6 unique-local fc00::/7. For workers inside a
     * network whose other hosts jobs must not reach by declaring a name that resolves there.
     */
    PUBLIC_ONLY {
        @Override
        boolean permits(InetAddress a) {
            return !hostLocal(a) && !a.isSiteLocalAddress() && !sharedOrUniqueLocal(a);
        }
    },
    /** Every address, loopback included; for tests whose upstream servers listen on 127.0.0.1. */
    ANY {
        @Override
        boolean permits(InetAddress a) {
            return true;
        }
    };

    abstract boolean permits(InetAddress address);

    private static boolean hostLocal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return true; // cannot tell: refuse, the safe side
        }
    }

    private static boolean sharedOrUniqueLocal(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        }
        return a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    }
}
