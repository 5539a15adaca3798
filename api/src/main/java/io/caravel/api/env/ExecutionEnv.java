package io.caravel.api.env;

import io.caravel.api.model.PortMapping;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code BACALHAU_*} variables every execution receives, and how they combine with the task's.
 */
public final class ExecutionEnv {
    public static final String EXECUTION_ID = "BACALHAU_EXECUTION_ID";
    public static final String JOB_ID = "BACALHAU_JOB_ID";
    public static final String JOB_TYPE = "BACALHAU_JOB_TYPE";
    public static final String PARTITION_INDEX = "BACALHAU_PARTITION_INDEX";
    public static final String PARTITION_COUNT = "BACALHAU_PARTITION_COUNT";

    /** Followed by the port's Name (case kept): the host port ({@code Static}). */
    public static final String HOST_PORT_PREFIX = "BACALHAU_HOST_PORT_";

    /** Followed by the port's Name (case kept): the port inside the task ({@code Target}). */
    public static final String PORT_PREFIX = "BACALHAU_PORT_";

    private ExecutionEnv() {}

    /**
     * The system variables of one execution. {@code partitionCount} is the job's Count. Ports are
     * the allocated mappings: a port contributes {@code BACALHAU_HOST_PORT_<Name>} when its static
     * port is set and {@code BACALHAU_PORT_<Name>} when its target is set (both above 0).
     */
    public static SortedMap<String, String> system(
            String executionId,
            String jobId,
            String jobType,
            int partitionIndex,
            int partitionCount,
            List<PortMapping> ports) {
        SortedMap<String, String> env = new TreeMap<>();
        env.put(EXECUTION_ID, text(executionId));
        env.put(JOB_ID, text(jobId));
        env.put(JOB_TYPE, text(jobType));
        env.put(PARTITION_INDEX, Integer.toString(partitionIndex));
        env.put(PARTITION_COUNT, Integer.toString(partitionCount));
        if (ports != null) {
            for (PortMapping port : ports) {
                if (port == null || port.name().isEmpty()) {
                    continue;
                }
                if (port.staticPort() > 0) {
                    env.put(HOST_PORT_PREFIX + port.name(), Integer.toString(port.staticPort()));
                }
                if (port.target() > 0) {
                    env.put(PORT_PREFIX + port.name(), Integer.toString(port.target()));
                }
            }
        }
        return Collections.unmodifiableSortedMap(env);
    }

    /**
     * The task's variables with the system variables laid over them: a task cannot override a
     * {@code BACALHAU_*} value. Sorted by name so every run sees the same order; null keys are
     * dropped and null values read as "".
     */
    public static SortedMap<String, String> merge(
            Map<String, String> taskEnv, Map<String, String> system) {
        SortedMap<String, String> env = new TreeMap<>();
        putAll(env, taskEnv);
        putAll(env, system);
        return Collections.unmodifiableSortedMap(env);
    }

    private static void putAll(SortedMap<String, String> into, Map<String, String> from) {
        if (from == null) {
            return;
        }
        from.forEach(
                (k, v) -> {
                    if (k != null) {
                        into.put(k, text(v));
                    }
                });
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
