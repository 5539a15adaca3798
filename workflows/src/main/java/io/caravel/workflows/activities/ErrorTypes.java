package io.caravel.workflows.activities;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code ApplicationFailure} types activities raise and the workflow and retry policies match.
 * {@code io.caravel.api.errors.ErrorCode} names are used for spec errors.
 */
public final class ErrorTypes {
    /** The node cannot take the execution now (not enough free resources); another may. Retryable. */
    public static final String NODE_BUSY = "NODE_BUSY";
    /** The node can never take it (labels, engine, network policy); another may. Retryable. */
    public static final String NODE_UNSUITABLE = "NODE_UNSUITABLE";
    /**
     * The node refused a claim whose request asked to hear refusals it does not know yet
     * ({@link ClaimRequest#knownRefusals}); the details hold the {@link NodeRefusal}. Not retryable:
     * it returns to the workflow, which records why the node refused and claims again.
     */
    public static final String NODE_REFUSED = "NODE_REFUSED";
    /** The execution failed for a reason a retry on another node will not fix (image missing, bad input). */
    public static final String EXECUTION_FAILED = "EXECUTION_FAILED";
    /** The network policy of the node refuses the task's network mode. */
    public static final String NETWORK_REFUSED = "NETWORK_REFUSED";
    /** Staging an input failed; retryable unless the failure says otherwise. */
    public static final String STAGING_FAILED = "STAGING_FAILED";
    /** Publishing failed; retryable unless the failure says otherwise. */
    public static final String PUBLISHING_FAILED = "PUBLISHING_FAILED";
    /** The execution ran longer than its execution timeout and was killed. */
    public static final String EXECUTION_TIMEOUT = "EXECUTION_TIMEOUT";
    /**
     * The node stopped following a running execution but left its work (container) running for
     * re-attachment: the worker is stopping, or a newer attempt of the same execution took over.
     * Retried on the same node's queue within the node grace period.
     */
    public static final String NODE_INTERRUPTED = "NODE_INTERRUPTED";
    /**
     * The execution's work was ended by the node's infrastructure, not by the task (the container
     * runtime restarted, someone else killed the container): its result is not the program's.
     * Never retried under the same execution ID; the workflow places the partition again.
     */
    public static final String EXECUTION_LOST = "EXECUTION_LOST";

    private static final Set<String> ALL = Arrays.stream(ErrorTypes.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
            .map(ErrorTypes::value)
            .collect(Collectors.toUnmodifiableSet());

    private ErrorTypes() {
    }

    /** Every type declared here. */
    public static Set<String> all() {
        return ALL;
    }

    private static String value(Field f) {
        try {
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
