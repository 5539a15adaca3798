package io.caravel.api.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The domains a task in HTTP network mode may reach: checking what a user wrote, normalising it,
 * and deciding whether a host is allowed, with Docker's (Squid) and WASM's rules.
 *
 * <p>A leading dot is Bacalhau's (and Squid's) wildcard: {@code .example.com} is example.com and
 * every subdomain of it.
 */
public final class Domains {
    private static final String EXPECTED =
            "expected a host name such as example.com, a wildcard such as .example.com, or an IP address";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern TLD = Pattern.compile("[a-z]{2,}");

    /**
     * Orders domains by their components right to left, so a domain sits next to its subdomains.
     */
    private static final Comparator<String> BY_COMPONENTS =
            (a, b) -> {
                String[] l = a.split("\\.", -1);
                String[] r = b.split("\\.", -1);
                for (int i = l.length - 1, j = r.length - 1; i >= 0 && j >= 0; i--, j--) {
                    int c = l[i].compareTo(r[j]);
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(l.length, r.length);
            };

    private Domains() {}

    /**
     * Checks one entry of {@code Network.Domains}. The value is trimmed and lower-cased first, so
     * {@code EXAMPLE.com} is accepted. Accepted: an IPv4 or IPv6 literal, or a host name of
     * dot-separated labels ({@code [a-z0-9]+(-[a-z0-9]+)*}) ending in an alphabetic top-level
     * domain of two or more letters, optionally with one leading {@code .} or {@code *.} as a
     * wildcard. Unlike Bacalhau's unanchored pattern, the whole value must match, so {@code
     * foo.com:8080}, {@code http://foo.com} and {@code my site.com} are refused.
     *
     * @return a message naming the value and what is accepted, or empty when the value is valid
     */
    public static Optional<String> check(String domain) {
        String raw = domain == null ? "" : domain;
        String d = raw.trim().toLowerCase(Locale.ROOT);
        if (d.isEmpty()) {
            return error(raw, "the value is empty");
        }
        if (IpLiterals.isLiteral(d) || isHostName(withoutWildcard(d))) {
            return Optional.empty();
        }
        return error(raw, hint(d));
    }

    /**
     * Trims and lower-cases {@code domain} and writes the wildcard {@code *.x} as {@code .x}; null
     * gives "".
     */
    public static String normalize(String domain) {
        String d = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        // Bacalhau only knows the leading-dot form; "*.x" is the spelling users expect, so it is
        // accepted and rewritten to the same wildcard.
        return d.startsWith("*.") ? d.substring(1) : d;
    }

    /**
     * Bacalhau's {@code matchDomain}: 0 when the two are the same domain (after {@linkplain
     * #normalize normalising}) or one is a leading-dot wildcard covering the other; otherwise a
     * non-zero value: a domain with fewer components first, then by components compared right to
     * left. Because of wildcards this is not a total order; use it for matching.
     */
    public static int compare(String a, String b) {
        String[] l = normalize(a).split("\\.", -1);
        String[] r = normalize(b).split("\\.", -1);
        boolean leftWildcard = l[0].isEmpty();
        boolean rightWildcard = r[0].isEmpty();
        if (l.length != r.length && !leftWildcard && !rightWildcard) {
            return Integer.compare(l.length, r.length);
        }
        int i = l.length - 1;
        int j = r.length - 1;
        for (; i >= 0 && j >= 0; i--, j--) {
            if ((i == 0 && leftWildcard) || (j == 0 && rightWildcard)) {
                return 0;
            }
            int c = l[i].compareTo(r[j]);
            if (c != 0) {
                return Integer.signum(c);
            }
        }
        // One side ran out. A wildcard left over covers its own base (".foo.com" and "foo.com");
        // anything else means one domain is longer than the other.
        if ((i == 0 && leftWildcard) || (j == 0 && rightWildcard)) {
            return 0;
        }
        return Integer.compare(l.length, r.length);
    }

    /**
     * Whether the Docker HTTP gateway (Squid {@code dstdomain}) lets {@code host} through for
     * {@code pattern}: a leading-dot pattern allows the domain and any subdomain, any other pattern
     * only that exact host. Case-insensitive; a {@code :port} on the host is ignored; IP literals
     * are compared as addresses.
     */
    public static boolean allows(String pattern, String host) {
        String p = normalize(pattern);
        String h = stripPort(host == null ? "" : host.trim().toLowerCase(Locale.ROOT));
        if (p.isEmpty() || h.isEmpty()) {
            return false;
        }
        if (p.startsWith(".")) {
            String base = p.substring(1);
            return !base.isEmpty() && (h.equals(base) || h.endsWith(p));
        }
        byte[] pIp = IpLiterals.parse(p);
        byte[] hIp = IpLiterals.parse(h);
        if (pIp != null && hIp != null) {
            return Arrays.equals(to16(pIp), to16(hIp));
        }
        return h.equals(p);
    }

    /**
     * The set of domains to hand to the Docker HTTP gateway, which rejects overlapping entries:
     * normalised, sorted, with blanks, duplicates and every entry covered by a wildcard in the list
     * removed. Deviation from Bacalhau: when both {@code foo.com} and {@code .foo.com} are given,
     * the wildcard is kept, since it allows strictly more (Bacalhau keeps {@code foo.com}).
     */
    public static List<String> domainSet(List<String> domains) {
        if (domains == null) {
            return List.of();
        }
        TreeSet<String> unique = new TreeSet<>(BY_COMPONENTS);
        for (String d : domains) {
            String n = normalize(d);
            if (!n.isEmpty()) {
                unique.add(n);
            }
        }
        List<String> out = new ArrayList<>();
        for (String d : unique) {
            if (unique.stream().noneMatch(w -> !w.equals(d) && covers(w, d))) {
                out.add(d);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Whether the WASM executor's HTTP host function lets {@code host} through for {@code pattern}:
     * {@code *} allows everything; a pattern without {@code *} must equal the host; otherwise the
     * host must start with what precedes the first {@code *} and end with what follows it ({@code
     * *.example.com}, {@code api.*}, {@code api.*.com}). A {@code :port} on the host is ignored and
     * the comparison is case-insensitive. Unlike {@link #allows}, a leading dot is not a wildcard
     * here, as in Bacalhau.
     */
    public static boolean wasmAllows(String pattern, String host) {
        String p = pattern == null ? "" : pattern.trim().toLowerCase(Locale.ROOT);
        String h = stripPort(host == null ? "" : host.trim().toLowerCase(Locale.ROOT));
        if (p.isEmpty() || h.isEmpty()) {
            return false;
        }
        int star = p.indexOf('*');
        if (star < 0) {
            return h.equals(p);
        }
        String prefix = p.substring(0, star);
        String suffix = p.substring(star + 1);
        // The length check stops prefix and suffix overlapping ("ab*ba" must not allow "aba").
        return h.length() >= prefix.length() + suffix.length()
                && h.startsWith(prefix)
                && h.endsWith(suffix);
    }

    /** Whether wildcard {@code w} (".foo.com") covers normalised domain {@code d}. */
    private static boolean covers(String w, String d) {
        return w.length() > 1 && w.startsWith(".") && (d.equals(w.substring(1)) || d.endsWith(w));
    }

    private static boolean isHostName(String d) {
        String[] labels = d.split("\\.", -1);
        if (labels.length < 2 || !TLD.matcher(labels[labels.length - 1]).matches()) {
            return false;
        }
        return Arrays.stream(labels).allMatch(l -> LABEL.matcher(l).matches());
    }

    /** {@code d} without one leading {@code .} or {@code *.}. */
    private static String withoutWildcard(String d) {
        if (d.startsWith("*.")) {
            return d.substring(2);
        }
        return d.startsWith(".") ? d.substring(1) : d;
    }

    /** The most likely reason {@code d} (trimmed, lower-cased, not valid) was refused. */
    private static String hint(String d) {
        if (d.chars().anyMatch(Character::isWhitespace)) {
            return "a domain cannot contain spaces";
        }
        if (d.contains("://")) {
            return "write the host only, without a scheme such as http://";
        }
        int slash = d.indexOf('/');
        if (slash >= 0) {
            return IpLiterals.isLiteral(d.substring(0, slash))
                    ? "address ranges (CIDR) are not supported; list each address"
                    : "write the host only, without a path";
        }
        if (d.indexOf('*') >= 0) {
            return "'*' is only accepted as a leading '*.' (the same as a leading '.'); "
                    + "to allow every host use the Host network mode";
        }
        if (d.indexOf(':') >= 0) {
            return "ports are not part of a domain; write the host only (or a valid IPv6 address)";
        }
        if (d.chars().anyMatch(c -> c > 0x7f)) {
            return "write international names in their ASCII (xn--) form";
        }
        String name = withoutWildcard(d);
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return "a host name needs a top-level domain, such as example.com";
        }
        if (Arrays.stream(labels)
                .allMatch(l -> !l.isEmpty() && l.chars().allMatch(Character::isDigit))) {
            return "not a valid IPv4 address";
        }
        if (!TLD.matcher(labels[labels.length - 1]).matches()) {
            return "the top-level domain must be two or more letters";
        }
        return "each label between dots must be letters, digits and inner hyphens";
    }

    private static Optional<String> error(String raw, String hint) {
        return Optional.of("invalid domain \"" + raw + "\": " + EXPECTED + "; " + hint);
    }

    /**
     * {@code host} without a {@code :port}; bracketed IPv6 loses its brackets, bare IPv6 is kept.
     */
    static String stripPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0 ? host.substring(1, close) : host;
        }
        int colon = host.indexOf(':');
        return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
    }

    /** IPv4 bytes as the IPv4-mapped IPv6 address, so both spellings compare equal. */
    private static byte[] to16(byte[] ip) {
        if (ip.length == 16) {
            return ip;
        }
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(ip, 0, out, 12, 4);
        return out;
    }
}
