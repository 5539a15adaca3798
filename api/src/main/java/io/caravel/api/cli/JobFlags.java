package io.caravel.api.cli;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.JobType;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small job and task flags: {@code --target}, {@code --network}/{@code --domain} and {@code
 * -e/--env}.
 */
public final class JobFlags {
    static final String TARGET_FLAG = "--target";
    static final String NETWORK_FLAG = "--network";
    static final String DOMAIN_FLAG = "--domain";
    static final String ENV_FLAG = "--env";

    private JobFlags() {}

    /**
     * The job type a {@code --target} value selects: {@code any} is {@code batch} (run on one
     * matching node), {@code all} is {@code ops} (run on every matching node). Matched exactly.
     *
     * @throws CaravelException ({@code BAD_ARGUMENT}) for any other value
     */
    public static String jobTypeForTarget(String target) {
        if ("any".equals(target)) {
            return JobType.BATCH.text();
        }
        if ("all".equals(target)) {
            return JobType.OPS.text();
        }
        throw CaravelException.badArgument(
                TARGET_FLAG,
                "invalid target \"" + target + "\"; accepted: any, all",
                "use --target=any to run on one node or --target=all to run on every matching node");
    }

    /**
     * Parses a {@code --network} value, trimmed and case-insensitively.
     *
     * @throws CaravelException ({@code BAD_ARGUMENT}) unless the value is one of default, none,
     *     host, full, http, bridge
     */
    public static NetworkType parseNetwork(String value) {
        return NetworkType.parse(value)
                .orElseThrow(
                        () ->
                                CaravelException.badArgument(
                                        NETWORK_FLAG,
                                        "invalid network \""
                                                + value
                                                + "\"; accepted: default, none, host, full, http, bridge"
                                                + " (any case)",
                                        "for example --network=http --domain=example.com"));
    }

    /**
     * The network of a task from {@code --network} (null means default) and the {@code --domain}
     * values (null means none), kept as given. HTTP may have no domain.
     *
     * @throws CaravelException ({@code BAD_ARGUMENT}) for an invalid network, or for domains with
     *     any network other than HTTP (including default, where Bacalhau's CLI would silently drop
     *     them)
     */
    public static NetworkConfig networkFor(String network, List<String> domains) {
        NetworkType type = network == null ? NetworkType.DEFAULT : parseNetwork(network);
        List<String> given =
                domains == null ? List.of() : domains.stream().filter(d -> d != null).toList();
        if (!given.isEmpty() && type != NetworkType.HTTP) {
            throw CaravelException.badArgument(
                    DOMAIN_FLAG,
                    "domains "
                            + given
                            + " can only be set for HTTP network mode, but the network is "
                            + type.canonical(),
                    "add --network=http, or remove --domain");
        }
        return new NetworkConfig(type, given, List.of());
    }

    /**
     * Parses the {@code -e/--env} values into Task.Env, in order, a repeated name keeping its last
     * value. A value with exactly one {@code =} is one {@code NAME=VALUE} pair (its value may hold
     * commas; surrounding double quotes are dropped); a value with several {@code =} is read as
     * comma-separated pairs, as pflag's string-to-string flag does. Names are not checked here; the
     * task validation does that.
     *
     * @throws CaravelException ({@code BAD_ARGUMENT}) for a pair without {@code =} or with an empty
     *     name, or a malformed comma-separated value
     */
    public static Map<String, String> parseEnv(List<String> values) {
        Map<String, String> env = new LinkedHashMap<>();
        if (values == null) {
            return Collections.unmodifiableMap(env);
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            long equalsSigns = value.chars().filter(c -> c == '=').count();
            if (equalsSigns == 0) {
                throw envError(value);
            }
            List<String> pairs =
                    equalsSigns == 1
                            ? List.of(stripQuotes(value))
                            : CsvFields.split(ENV_FLAG, value);
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw envError(pair);
                }
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return Collections.unmodifiableMap(env);
    }

    private static String stripQuotes(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '"') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '"') {
            end--;
        }
        return value.substring(start, end);
    }

    private static CaravelException envError(String pair) {
        return CaravelException.badArgument(
                ENV_FLAG,
                "invalid environment variable \""
                        + pair
                        + "\"; expected NAME=VALUE with a non-empty NAME",
                "for example --env FOO=bar or --env A=1,B=2");
    }
}
