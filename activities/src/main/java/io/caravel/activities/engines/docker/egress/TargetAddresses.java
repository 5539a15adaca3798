package io.caravel.activities.engines.docker.egress;

import java.net.InetAddress;

/** Which resolved addresses the egress proxy may connect to, after the name itself was allowed. */
public enum TargetAddresses {
    /**
     * Every address except the proxy host's own loopback, wildcard, link-local (cloud metadata
     * services live at 169.254.169.254) and multicast addresses. The proxy runs in the worker's JVM,
     * so a declared name that resolves to 127.0.0.1 would otherwise hand the job the worker's own
     * loopback services (Temporal, the results server). The default.
     */
    NOT_HOST_LOCAL {
        @Override
        boolean permits(InetAddress a) {
            return !(a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isMulticastAddress());
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
}
