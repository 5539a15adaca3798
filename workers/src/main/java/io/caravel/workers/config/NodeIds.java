package io.caravel.workers.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Node ids: the name of a node's own task queue ({@code caravel-node-<id>}) and its key in the node
 * registry, so they are restricted to lower-case letters, digits and {@code -}.
 */
public final class NodeIds {
    /** The longest node id; a DNS label's limit, so an id can also name a host. */
    public static final int MAX_LENGTH = 63;

    /** Used when the host has no usable name. */
    public static final String FALLBACK = "caravel-node";

    static final String RULE =
            "use 1 to "
                    + MAX_LENGTH
                    + " lower-case letters, digits or '-', starting and"
                    + " ending with a letter or digit, e.g. gpu-worker-1";

    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");

    private NodeIds() {}

    /** Whether {@code id} can be used as a node id as it is. */
    public static boolean isValid(String id) {
        return id != null && id.length() <= MAX_LENGTH && VALID.matcher(id).matches();
    }

    /**
     * {@code name} made into a node id: lower-cased, every run of other characters replaced by one
     * {@code -}, trimmed of {@code -} at both ends and cut to {@link #MAX_LENGTH}; {@link
     * #FALLBACK} when nothing is left.
     */
    public static String sanitize(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        String dashed = lower.replaceAll("[^a-z0-9]+", "-");
        String trimmed = trimDashes(dashed);
        if (trimmed.length() > MAX_LENGTH) {
            trimmed = trimDashes(trimmed.substring(0, MAX_LENGTH));
        }
        return trimmed.isEmpty() ? FALLBACK : trimmed;
    }

    /**
     * This host's name as a node id: {@code HOSTNAME} when set, else the name the resolver gives.
     */
    public static String fromHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return sanitize(env);
        }
        try {
            return sanitize(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return FALLBACK;
        }
    }

    private static String trimDashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }
}
