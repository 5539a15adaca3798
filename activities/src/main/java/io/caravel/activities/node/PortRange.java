package io.caravel.activities.node;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;

/**
 * The host ports a node hands out for {@code Static: 0} port mappings, both ends included.
 * Bacalhau's default is 20000-32000 (BACALHAU-SPEC §3, pkg/config/defaults.go).
 */
public record PortRange(int first, int last) {
    public static final PortRange DEFAULT = new PortRange(20000, 32000);

    public PortRange {
        if (first < 1024 || last > 65535 || first > last) {
            throw new CaravelException(
                    ErrorCode.SPEC_INVALID,
                    "port range " + first + "-" + last + " is invalid",
                    "give FIRST-LAST with 1024 <= FIRST <= LAST <= 65535, e.g. "
                            + 20000
                            + "-"
                            + 32000);
        }
    }

    /** Parses {@code FIRST-LAST} (e.g. {@code 20000-32000}); surrounding spaces are ignored. */
    public static PortRange parse(String text) {
        String s = text == null ? "" : text.trim();
        int dash = s.indexOf('-');
        try {
            if (dash > 0) {
                return new PortRange(
                        Integer.parseInt(s.substring(0, dash).trim()),
                        Integer.parseInt(s.substring(dash + 1).trim()));
            }
        } catch (NumberFormatException e) {
            // Reported below with the expected form.
        }
        throw new CaravelException(
                ErrorCode.SPEC_INVALID,
                "port range '" + s + "' is not FIRST-LAST",
                "give two ports joined by '-', e.g. 20000-32000");
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
