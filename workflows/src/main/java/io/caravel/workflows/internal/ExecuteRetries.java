package io.caravel.workflows.internal;

import io.caravel.api.errors.ErrorCode;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which failures of the Execute activity are retried under the same execution ID on the same node:
 * only those that say the node, not the task, was interrupted. Temporal's retry policy can only
 * list the types it must not retry, so this lists every other type Caravel raises.
 */
public final class ExecuteRetries {
    /**
     * Failure types retried on the node: its work was left running, or its runtime is away for now.
     */
    public static final Set<String> RETRIED_ON_NODE =
            Set.of(ErrorCode.NODE_INTERRUPTED.name(), ErrorCode.NODE_FAILURE.name());

    private ExecuteRetries() {}

    /** Every failure type Caravel raises except {@link #RETRIED_ON_NODE}, sorted. */
    public static String[] finalTypes() {
        Set<String> types = new TreeSet<>();
        Arrays.stream(ErrorCode.values()).map(ErrorCode::name).forEach(types::add);
        types.removeAll(RETRIED_ON_NODE);
        return types.toArray(String[]::new);
    }
}
