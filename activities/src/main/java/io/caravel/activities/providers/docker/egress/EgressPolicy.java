package io.caravel.activities.providers.docker.egress;

import io.caravel.api.network.Domains;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the proxy may open a connection to a host: the name must be one of the declared
 * domains under Bacalhau's rule ({@link Domains#allows}: exact name, or a leading-dot entry for the
 * domain and its subdomains; an IP literal only when that address is declared), and the addresses
 * it resolves to must pass the {@link TargetAddresses} rule.
 */
final class EgressPolicy {
    private final List<String> domains;
    private final HostResolver resolver;
    private final TargetAddresses targets;

    EgressPolicy(List<String> domains, HostResolver resolver, TargetAddresses targets) {
        this.domains = Domains.domainSet(domains);
        this.resolver = resolver;
        this.targets = targets;
    }

    List<String> domains() {
        return domains;
    }

    /** Why {@code host} is not a declared domain, or empty when it is. */
    Optional<String> refusal(String host) {
        if (domains.stream().anyMatch(d -> Domains.allows(d, host))) {
            return Optional.empty();
        }
        return Optional.of(host + " is not in this job's Network.Domains " + domains);
    }

    /**
     * The addresses of an allowed {@code host} the proxy may connect to.
     *
     * @throws UnknownHostException when the name does not resolve
     * @throws RefusedException when every address it resolves to is refused
     */
    List<InetAddress> addresses(String host) throws UnknownHostException {
        List<InetAddress> all = resolver.resolve(host);
        List<InetAddress> usable = new ArrayList<>();
        for (InetAddress a : all) {
            if (targets.permits(a)) {
                usable.add(a);
            }
        }
        if (usable.isEmpty()) {
            throw new RefusedException(targets.refusal(host, all));
        }
        return usable;
    }

    /** A target the policy refuses after resolution; the message is the one-line reason. */
    static final class RefusedException extends RuntimeException {
        RefusedException(String reason) {
            super(reason, null, false, false);
        }
    }
}
