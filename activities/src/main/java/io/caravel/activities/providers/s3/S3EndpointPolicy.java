package io.caravel.activities.providers.s3;

import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.net.DestinationRefusedException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.http.conn.DnsResolver;

/**
 * Which S3 endpoints a job may name in its {@code Endpoint} param, besides the node's own ({@link
 * S3Settings#defaultEndpoint()}, which the operator chose and which is always trusted): an endpoint
 * must be in the node's {@value #SETTING} list, and every address it resolves to must pass the
 * node's {@link DestinationPolicy}, at the check and again at each connection (the endpoint's
 * client resolves through {@link #dnsResolver}). Entries are endpoints as the params write them
 * ({@code http://minio.internal:9000}, {@code s3.example.com}) matched by host and port (the
 * scheme's default port when none is written; https when no scheme is written), or a leading-dot
 * domain ({@code .amazonaws.com}) for the domain and its subdomains on that port.
 */
public final class S3EndpointPolicy {
    /** The worker setting that lists the endpoints jobs may name. */
    public static final String SETTING = "s3AllowedEndpoints";

    /** No endpoint but the node's own; non-public addresses refused. The default. */
    public static final S3EndpointPolicy NODE_ONLY =
            new S3EndpointPolicy(true, List.of(), DestinationPolicy.PUBLIC_ONLY);

    /**
     * Every endpoint, unchecked: for clients acting for their own user, not for a job (the CLI's
     * {@code job get} of results the user's job published), never for a worker.
     */
    public static final S3EndpointPolicy UNCHECKED =
            new S3EndpointPolicy(false, List.of(), DestinationPolicy.PUBLIC_ONLY);

    private final boolean checked;
    private final List<Entry> allowed;
    private final DestinationPolicy destinations;

    private S3EndpointPolicy(boolean checked, List<Entry> allowed, DestinationPolicy destinations) {
        this.checked = checked;
        this.allowed = List.copyOf(allowed);
        this.destinations = Objects.requireNonNull(destinations, "destinations");
    }

    /**
     * The policy admitting the {@code allowed} endpoints, at the addresses {@code destinations}
     * allows.
     *
     * @throws IllegalArgumentException naming every malformed entry
     */
    public static S3EndpointPolicy of(Collection<String> allowed, DestinationPolicy destinations) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String raw : allowed == null ? List.<String>of() : allowed) {
            try {
                entries.add(Entry.parse(raw == null ? "" : raw.strip()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    String.join("; ", problems)
                            + "; write endpoints as http://HOST:PORT,"
                            + " HOST[:PORT] (https) or .DOMAIN for a domain and its subdomains");
        }
        return new S3EndpointPolicy(true, entries, destinations);
    }

    /** Whether endpoints are checked at all ({@link #UNCHECKED} is not). */
    public boolean checked() {
        return checked;
    }

    public DestinationPolicy destinations() {
        return destinations;
    }

    /** The entries, as written. */
    public List<String> allowed() {
        return allowed.stream().map(Entry::text).toList();
    }

    /**
     * Refuses a job-chosen {@code endpoint} that is not listed, or that resolves to an address the
     * destination policy refuses.
     *
     * @throws DestinationRefusedException naming the endpoint and the rule
     * @throws IOException when the endpoint's host does not resolve
     */
    public void check(String endpoint) throws IOException {
        if (!checked) {
            return;
        }
        String subject = "s3 endpoint " + endpoint;
        URI uri = parse(endpoint, subject);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = port(uri);
        if (allowed.stream().noneMatch(e -> e.matches(host, port))) {
            throw new DestinationRefusedException(
                    subject,
                    "endpoint "
                            + uri.getHost()
                            + ":"
                            + port
                            + " is not in"
                            + " this node's "
                            + SETTING
                            + (allowed.isEmpty()
                                    ? " (empty: jobs may use the node's own s3Endpoint"
                                            + " only; name no Endpoint to use it)"
                                    : " " + allowed()),
                    null);
        }
        try {
            destinations.resolve(uri.getHost(), port);
        } catch (DestinationPolicy.RefusedException e) {
            throw new DestinationRefusedException(subject, e.reason(), e);
        }
    }

    /**
     * The resolver of the client for a checked {@code endpoint}: its addresses, each checked again.
     */
    DnsResolver dnsResolver(String endpoint) {
        return destinations.dnsResolver(port(S3Endpoints.uri(endpoint)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof S3EndpointPolicy p
                && p.checked == checked
                && p.allowed().equals(allowed())
                && p.destinations.equals(destinations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(checked, allowed(), destinations);
    }

    @Override
    public String toString() {
        return checked
                ? "S3EndpointPolicy" + allowed() + " at " + destinations
                : "S3EndpointPolicy[unchecked]";
    }

    private static URI parse(String endpoint, String subject) {
        try {
            URI uri = S3Endpoints.uri(endpoint);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new DestinationRefusedException(
                    subject, "the endpoint is not a URL with a host", e);
        }
    }

    static int port(URI uri) {
        return DestinationPolicy.portOf(uri);
    }

    /** One allowed endpoint, or a domain with its subdomains, on one port. */
    private record Entry(String text, String host, boolean domain, int port) {
        static Entry parse(String text) {
            boolean domain = text.startsWith(".");
            String rest = domain ? text.substring(1) : text;
            URI uri;
            try {
                uri = S3Endpoints.uri(rest);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (rest.isEmpty()
                    || uri == null
                    || uri.getHost() == null
                    || (domain && rest.contains("://"))) {
                throw new IllegalArgumentException("\"" + text + "\" is not an endpoint");
            }
            return new Entry(
                    text,
                    uri.getHost().toLowerCase(Locale.ROOT),
                    domain,
                    S3EndpointPolicy.port(uri));
        }

        boolean matches(String h, int p) {
            return p == port && (h.equals(host) || domain && h.endsWith("." + host));
        }
    }
}
