package io.caravel.activities.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The kind of an IP address, as far as reaching it on a job's behalf goes: {@link #PUBLIC}, or one
 * of the ranges that lead to the worker host itself or to networks behind it. IPv6 forms that carry
 * an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64
 * {@code 64:ff9b::/96} and 6to4 {@code 2002::/16}) are classified by the IPv4 address they carry,
 * since a dual-stack host or a translator delivers them there. This is the one classification of
 * the worker's outbound checks: the fetch policy of URL inputs and S3 endpoints ({@link
 * DestinationPolicy}) and the egress proxy of the HTTP network mode.
 */
public enum AddressClass {
    /** Anything not below. */
    PUBLIC("public"),
    /** 127.0.0.0/8 and ::1: the worker host itself. */
    LOOPBACK("loopback"),
    /** 0.0.0.0/8 and ::, which reach the host itself on most systems. */
    UNSPECIFIED("unspecified"),
    /** 169.254.0.0/16 (cloud metadata services live at 169.254.169.254) and fe80::/10. */
    LINK_LOCAL("link-local"),
    /** 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and the deprecated IPv6 site-local fec0::/10. */
    PRIVATE("private"),
    /**
     * 100.64.0.0/10, the shared address space of carrier-grade NAT (and of some cloud internals).
     */
    SHARED("shared (carrier-grade NAT)"),
    /** fc00::/7, IPv6's private ranges. */
    UNIQUE_LOCAL("unique-local"),
    /** 224.0.0.0/4 and ff00::/8. */
    MULTICAST("multicast"),
    /** 240.0.0.0/4 (broadcast included), 192.0.0.0/24 and the benchmarking range 198.18.0.0/15. */
    RESERVED("reserved");

    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    /** The class in words, as refusals print it: {@code loopback}, {@code link-local} ... */
    public String description() {
        return description;
    }

    /** Whether this is {@link #PUBLIC}. */
    public boolean isPublic() {
        return this == PUBLIC;
    }

    /** The class of {@code address}. */
    public static AddressClass of(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ofIpv4(b);
        }
        if (!(address instanceof Inet6Address)) {
            return RESERVED;
        }
        if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return ofIpv4(slice(b, 12)); // IPv4-mapped
        }
        if (zeros(b, 0, 12)) {
            if (zeros(b, 12, 15)) {
                return b[15] == 0 ? UNSPECIFIED : b[15] == 1 ? LOOPBACK : RESERVED;
            }
            return ofIpv4(
                    slice(b, 12)); // IPv4-compatible (deprecated, still routed by some stacks)
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0x00
                && second == 0x64
                && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b
                && zeros(b, 4, 12)) {
            return ofIpv4(slice(b, 12)); // NAT64 well-known prefix
        }
        if (first == 0x20 && second == 0x02) {
            return ofIpv4(slice(b, 2)); // 6to4
        }
        if (first == 0xff) {
            return MULTICAST;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return PRIVATE;
        }
        if ((first & 0xfe) == 0xfc) {
            return UNIQUE_LOCAL;
        }
        return PUBLIC;
    }

    private static AddressClass ofIpv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return UNSPECIFIED;
        }
        if (a0 == 127) {
            return LOOPBACK;
        }
        if (a0 == 169 && a1 == 254) {
            return LINK_LOCAL;
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return PRIVATE;
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return SHARED;
        }
        if (a0 >= 224 && a0 <= 239) {
            return MULTICAST;
        }
        if (a0 >= 240 || (a0 == 192 && a1 == 0 && a2 == 0) || (a0 == 198 && (a1 & 0xfe) == 18)) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    /**
     * The IPv4 address an IPv6 address carries in one of the forms above, or the address itself.
     */
    static InetAddress embedded(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean carries =
                zeros(b, 0, 12) && !zeros(b, 12, 15)
                        || zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff
                        || b[0] == 0
                                && (b[1] & 0xff) == 0x64
                                && (b[2] & 0xff) == 0xff
                                && (b[3] & 0xff) == 0x9b
                                && zeros(b, 4, 12);
        boolean sixToFour = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02;
        if (!carries && !sixToFour) {
            return address;
        }
        try {
            return InetAddress.getByAddress(slice(b, sixToFour ? 2 : 12));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
