package io.caravel.api.env;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Resolves {@code Task.Env} values on a compute node: literals are returned as they are, and {@code
 * env:HOST_VAR} is replaced by the host's variable when the allow-list lets it through.
 *
 * <p>Allow-list entries are globs matched against the whole variable name: {@code *} is any run of
 * characters, {@code ?} one character, everything else literal and case-sensitive. Bacalhau uses
 * each entry as an unanchored regular expression instead, although its configuration documents a
 * glob; that leaks ({@code TEST_VAR} would allow {@code MY_TEST_VARIABLE}), so Caravel deviates.
 */
public final class HostEnvResolver {
    private final List<String> allowList;
    private final Function<String, String> hostEnv;

    /**
     * @param allowList the globs of host variables tasks may read; null or empty allows none
     * @param hostEnv looks up a host variable, returning null when it is not set ({@code
     *     System::getenv})
     */
    public HostEnvResolver(List<String> allowList, Function<String, String> hostEnv) {
        List<String> globs = new ArrayList<>();
        if (allowList != null) {
            for (String glob : allowList) {
                if (glob != null && !glob.isBlank()) {
                    globs.add(glob.trim());
                }
            }
        }
        this.allowList = List.copyOf(globs);
        this.hostEnv = Objects.requireNonNull(hostEnv, "hostEnv");
    }

    /**
     * The value the task sees for variable {@code name} written as {@code value}.
     *
     * @throws CaravelException with code {@link ErrorCode#SPEC_INVALID} when a host reference names
     *     a variable that is not in the allow-list ({@code ... not in allowed ...}) or is not set
     *     on this host ({@code ... not found})
     */
    public String resolve(String name, String value) {
        EnvValue env = new EnvValue(value);
        if (!env.isHostReference()) {
            return env.raw();
        }
        String variable = env.hostVariable();
        if (variable.isEmpty()
                || allowList.stream().noneMatch(glob -> globMatches(glob, variable))) {
            throw new CaravelException(
                    ErrorCode.SPEC_INVALID,
                    "environment variable '"
                            + name
                            + "' refers to host variable '"
                            + variable
                            + "', which is not in allowed host variables "
                            + allowList,
                    "ask the node operator to add it to Compute.Env.AllowList, or give the value literally");
        }
        String resolved = hostEnv.apply(variable);
        if (resolved == null) {
            throw new CaravelException(
                    ErrorCode.SPEC_INVALID,
                    "environment variable '"
                            + name
                            + "' refers to host variable '"
                            + variable
                            + "', which was not found on this node",
                    "set the variable on the compute node, or give the value literally");
        }
        return resolved;
    }

    /**
     * Whole-string glob match with {@code *} and {@code ?}, iterative so no input can blow the
     * stack.
     */
    static boolean globMatches(String glob, String text) {
        int g = 0;
        int t = 0;
        int starAt = -1;
        int resumeAt = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                starAt = g++;
                resumeAt = t;
            } else if (starAt >= 0) {
                g = starAt + 1;
                t = ++resumeAt;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
