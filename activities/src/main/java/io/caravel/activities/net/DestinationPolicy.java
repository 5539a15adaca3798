package io.caravel.activities.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.http.conn.DnsResolver;

/**
 * The one outbound policy for what the worker fetches on a job's behalf (a URL input and each of
 * its redirects, a job-chosen S3 endpoint): a destination address must be {@link
 * AddressClass#PUBLIC} unless the node's operator allow-lists it in {@value #SETTING}. Entries are
 * networks in CIDR form ({@code 10.0.0.0/8}, {@code fd00::/8}), single addresses ({@code
 * 127.0.0.1}, {@code ::1}), or {@code host:port} pairs ({@code 127.0.0.1:7070}, {@code [::1]:5001},
 * {@code minio.internal:9000}) that admit exactly that port of that address or name, whatever the
 * name resolves to.
 *
 * <p>The check is made on the address that is connected, never on a name alone: {@link #resolve}
 * checks every address a name resolves to and answers exactly those, for a client to connect to (an
 * Apache {@link DnsResolver} from {@link #dnsResolver}), and {@link PinnedSockets} checks each
 * address again at the moment its socket connects, so a DNS answer that changes between a check and
 * a connect cannot lead anywhere unchecked.
 */
public final class DestinationPolicy {
    /** The worker setting that allow-lists destinations. */
    public static final String SETTING = "fetchAllowedNetworks";

    /** Nothing allow-listed: public addresses only. */
    public static final DestinationPolicy PUBLIC_ONLY = new DestinationPolicy(List.of(), List.of());

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    private final List<Network> networks;
    private final List<HostPort> hostPorts;

    private DestinationPolicy(List<Network> networks, List<HostPort> hostPorts) {
        this.networks = List.copyOf(networks);
        this.hostPorts = List.copyOf(hostPorts);
    }

    /**
     * The policy allow-listing {@code entries}.
     *
     * @throws IllegalArgumentException naming every malformed entry and what would be accepted
     */
    public static DestinationPolicy of(Collection<String> entries) {
        List<Network> networks = new ArrayList<>();
        List<HostPort> hostPorts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String raw : entries == null ? List.<String>of() : entries) {
            String entry = raw == null ? "" : raw.strip();
            try {
                if (entry.contains("/") || !hostPortForm(entry)) {
                    networks.add(Network.parse(entry));
                } else {
                    hostPorts.add(HostPort.parse(entry));
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    String.join("; ", problems)
                            + "; write networks as CIDR (10.0.0.0/8,"
                            + " fd00::/8), single addresses (127.0.0.1, ::1) or HOST:PORT (127.0.0.1:7070, [::1]:5001,"
                            + " minio.internal:9000)");
        }
        return new DestinationPolicy(networks, hostPorts);
    }

    /** Whether nothing is allow-listed. */
    public boolean publicOnly() {
        return networks.isEmpty() && hostPorts.isEmpty();
    }

    /**
     * Why connecting to {@code address} on {@code port}, as {@code host} named it, is refused;
     * empty when it is allowed.
     *
     * @param host the name or literal the destination was given as (brackets optional)
     */
    public Optional<String> refusal(String host, InetAddress address, int port) {
        String name = unbracket(host);
        if (hostPorts.stream().anyMatch(hp -> hp.matches(name, address, port))) {
            return Optional.empty();
        }
        AddressClass kind = AddressClass.of(address);
        if (kind.isPublic()) {
            return Optional.empty();
        }
        InetAddress embedded = AddressClass.embedded(address);
        if (networks.stream().anyMatch(n -> n.contains(address) || n.contains(embedded))) {
            return Optional.empty();
        }
        String shown =
                name.isEmpty() || name.equalsIgnoreCase(address.getHostAddress())
                        ? address.getHostAddress()
                        : name + " (" + address.getHostAddress() + ")";
        return Optional.of(
                "destination "
                        + shown
                        + " is "
                        + kind.description()
                        + ", which this node does not"
                        + " fetch from for jobs (allow it with "
                        + SETTING
                        + ")");
    }

    /**
     * Refuses {@code address} unless the policy allows it.
     *
     * @throws RefusedException with the reason
     */
    public void check(String host, InetAddress address, int port) throws RefusedException {
        Optional<String> why = refusal(host, address, port);
        if (why.isPresent()) {
            throw new RefusedException(why.get());
        }
    }

    /**
     * Every address {@code host} resolves to, each checked; a name with one refused address is
     * refused whole, so which address a client picks never matters.
     *
     * @throws UnknownHostException when the name does not resolve
     * @throws RefusedException when an address is refused
     */
    public List<InetAddress> resolve(String host, int port) throws IOException {
        List<InetAddress> all = List.of(InetAddress.getAllByName(unbracket(host)));
        for (InetAddress a : all) {
            check(host, a, port);
        }
        return all;
    }

    /**
     * An Apache {@link DnsResolver} for a client that only ever connects to {@code port} (an S3
     * client bound to one endpoint): it answers {@link #resolve}'s checked addresses, which that
     * client then connects to without resolving again.
     */
    public DnsResolver dnsResolver(int port) {
        return host -> {
            try {
                return resolve(host, port).toArray(InetAddress[]::new);
            } catch (RefusedException e) {
                throw new RefusedHostException(e);
            } catch (UnknownHostException e) {
                throw e;
            } catch (IOException e) {
                throw new UnknownHostException(host + ": " + e.getMessage());
            }
        };
    }

    /** The entries, networks first, each as written (stripped). */
    public List<String> entries() {
        List<String> all = new ArrayList<>();
        networks.forEach(n -> all.add(n.toString()));
        hostPorts.forEach(h -> all.add(h.toString()));
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DestinationPolicy p && p.entries().equals(entries());
    }

    @Override
    public int hashCode() {
        return entries().hashCode();
    }

    @Override
    public String toString() {
        return "DestinationPolicy" + entries();
    }

    /**
     * The reason a destination is refused, as an I/O failure, so it can leave an HTTP client's
     * connect.
     */
    public static class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        public RefusedException(String reason) {
            super(reason);
        }

        /** The one-line reason, e.g. {@code destination 127.0.0.1 is loopback, which ...}. */
        public String reason() {
            return getMessage();
        }
    }

    /** A refusal as {@link DnsResolver} must throw it. */
    static final class RefusedHostException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedHostException(RefusedException cause) {
            super(cause.reason());
            initCause(cause);
        }
    }

    /** The refusal in {@code e}'s causes, if any (clients wrap what their connect threw). */
    public static Optional<RefusedException> refusalIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RefusedException r) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The port {@code url} connects to: its own, else 80 for http and 443 otherwise. */
    public static int portOf(java.net.URI url) {
        return url.getPort() >= 0
                ? url.getPort()
                : "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
    }

    static String unbracket(String host) {
        String h = host == null ? "" : host.strip();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** The address {@code text} is, when it is an IP literal; never asks DNS. */
    static Optional<InetAddress> literal(String text) {
        String t = unbracket(text);
        try {
            if (IPV4.matcher(t).matches()) {
                String[] parts = t.split("\\.");
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[i]);
                    if (v > 255) {
                        return Optional.empty();
                    }
                    b[i] = (byte) v;
                }
                return Optional.of(InetAddress.getByAddress(b));
            }
            // In brackets, the JDK parses an IPv6 literal and never looks the text up.
            return t.contains(":")
                    ? Optional.of(InetAddress.getByName("[" + t + "]"))
                    : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean hostPortForm(String entry) {
        if (entry.startsWith("[")) {
            return entry.contains("]:");
        }
        int colon = entry.indexOf(':');
        return colon > 0 && colon == entry.lastIndexOf(':');
    }

    /** A CIDR network. */
    private record Network(byte[] prefix, int bits, String text) {
        static Network parse(String entry) {
            int slash = entry.indexOf('/');
            String addressText = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress address =
                    literal(addressText)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "\""
                                                            + entry
                                                            + "\" is not an address or network"
                                                            + (NAME.matcher(entry).matches()
                                                                    ? " (a host name needs a port: "
                                                                            + entry
                                                                            + ":PORT)"
                                                                    : "")));
            int max = address.getAddress().length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException(
                            "\"" + entry + "\" has an invalid prefix length; use 0 to " + max);
                }
            }
            return new Network(address.getAddress(), bits, entry);
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((b[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * A {@code host:port} pair; the host is a name (matched as written) or a literal (matched as an
     * address).
     */
    private record HostPort(String host, Optional<InetAddress> address, int port) {
        static HostPort parse(String entry) {
            int colon = entry.lastIndexOf(':');
            String host = unbracket(entry.substring(0, colon));
            int port;
            try {
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        "\"" + entry + "\" has an invalid port; use 1 to 65535");
            }
            Optional<InetAddress> address = literal(host);
            if (address.isEmpty() && !NAME.matcher(host).matches()) {
                throw new IllegalArgumentException("\"" + entry + "\" does not name a host");
            }
            return new HostPort(host.toLowerCase(Locale.ROOT), address, port);
        }

        boolean matches(String name, InetAddress a, int p) {
            if (p != port) {
                return false;
            }
            return address.isPresent()
                    ? address.get().equals(a) || address.get().equals(AddressClass.embedded(a))
                    : host.equalsIgnoreCase(name);
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
