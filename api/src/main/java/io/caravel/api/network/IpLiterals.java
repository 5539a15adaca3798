package io.caravel.api.network;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses IPv4 and IPv6 address literals with the rules of Go's {@code net.ParseIP}, without ever
 * asking a resolver ({@code InetAddress.getByName} would look up anything that is not a literal).
 */
final class IpLiterals {
    private IpLiterals() {}

    /** The 4 or 16 address bytes of {@code text}, or null when it is not an IP literal. */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    static boolean isLiteral(String text) {
        return parse(text) != null;
    }

    /**
     * Dotted decimal, exactly four parts, no leading zeros (Go rejects them as ambiguous octal).
     */
    static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty()
                    || p.length() > 3
                    || (p.length() > 1 && p.charAt(0) == '0')
                    || !allDigits(p)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** Eight groups of 1-4 hex digits, one optional {@code ::}, an optional IPv4 tail; no zone. */
    static byte[] parseV6(String text) {
        int ellipsis = text.indexOf("::");
        if (ellipsis >= 0 && text.indexOf("::", ellipsis + 1) >= 0) {
            return null;
        }
        List<Integer> head =
                groups(ellipsis >= 0 ? text.substring(0, ellipsis) : text, ellipsis < 0);
        List<Integer> tail = ellipsis >= 0 ? groups(text.substring(ellipsis + 2), true) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int count = head.size() + tail.size();
        if (ellipsis < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            put(out, i, head.get(i));
        }
        for (int i = 0; i < tail.size(); i++) {
            put(out, 8 - tail.size() + i, tail.get(i));
        }
        return out;
    }

    /** The 16-bit groups of a colon-separated run; an IPv4 tail counts as two groups. */
    private static List<Integer> groups(String run, boolean ipv4TailAllowed) {
        List<Integer> out = new ArrayList<>();
        if (run.isEmpty()) {
            return out;
        }
        String[] parts = run.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && ipv4TailAllowed && p.indexOf('.') >= 0) {
                byte[] v4 = parseV4(p);
                if (v4 == null) {
                    return null;
                }
                out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || !allHex(p)) {
                return null;
            }
            out.add(Integer.parseInt(p, 16));
        }
        return out;
    }

    private static void put(byte[] out, int group, int value) {
        out[2 * group] = (byte) (value >> 8);
        out[2 * group + 1] = (byte) value;
    }

    private static boolean allDigits(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean allHex(String s) {
        return s.chars()
                .allMatch(
                        c ->
                                (c >= '0' && c <= '9')
                                        || (c >= 'a' && c <= 'f')
                                        || (c >= 'A' && c <= 'F'));
    }
}
