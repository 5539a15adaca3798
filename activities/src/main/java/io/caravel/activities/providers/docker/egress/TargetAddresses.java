package io.caravel.activities.providers.docker.egress;

import io.caravel.activities.net.AddressClass;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;

/**
 * Which resolved addresses the egress proxy may connect to, after the name itself was allowed;
 * addresses are classified by {@link AddressClass}, as the worker's other outbound checks.
 */
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
     * Public addresses only, by the classification the worker's fetch policy uses ({@link
     * AddressClass}): besides {@link #NOT_HOST_LOCAL}, no private, shared (carrier-grade NAT) or
     * unique-local ranges, no reserved ones, and no IPv6 spelling of any of them (IPv4-mapped,
     * NAT64, 6to4). So a declared name cannot lead to another container on the host's Docker
     * networks or to a host of the worker's own network. The operator's {@code
     * egressRefuseNonPublic}.
     */
    PUBLIC_ONLY {
        @Override
        boolean permits(InetAddress a) {
            return AddressClass.of(a).isPublic() && !hostInterface(a);
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

    /**
     * The operator's rule: {@link #PUBLIC_ONLY} when {@code egressRefuseNonPublic}, else {@link
     * #NOT_HOST_LOCAL}.
     */
    public static TargetAddresses of(boolean egressRefuseNonPublic) {
        return egressRefuseNonPublic ? PUBLIC_ONLY : NOT_HOST_LOCAL;
    }

    /**
     * Why {@code host}, resolving to {@code all}, is refused by this rule: its addresses and their
     * classes.
     */
    String refusal(String host, List<InetAddress> all) {
        if (this == NOT_HOST_LOCAL) {
            return host
                    + " resolves only to addresses local to the proxy host "
                    + all.stream().map(InetAddress::getHostAddress).toList();
        }
        return host
                + " resolves only to addresses this node's egress proxy refuses "
                + all.stream()
                        .map(
                                a ->
                                        a.getHostAddress()
                                                + " is "
                                                + (AddressClass.of(a).isPublic()
                                                        ? "an address of the proxy host"
                                                        : AddressClass.of(a).description()))
                        .toList()
                + " (egressRefuseNonPublic)";
    }

    private static boolean hostLocal(InetAddress a) {
        AddressClass kind = AddressClass.of(a);
        if (kind == AddressClass.LOOPBACK
                || kind == AddressClass.UNSPECIFIED
                || kind == AddressClass.LINK_LOCAL
                || kind == AddressClass.MULTICAST) {
            return true;
        }
        return hostInterface(a);
    }

    private static boolean hostInterface(InetAddress a) {
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return true; // cannot tell: refuse, the safe side
        }
    }
}
