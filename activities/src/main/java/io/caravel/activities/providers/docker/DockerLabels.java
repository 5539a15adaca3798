package io.caravel.activities.providers.docker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and labels of what the docker engine creates, so that everything of an execution can be
 * found again (re-attach after a worker restart, clean-up, orphan removal).
 */
public final class DockerLabels {
    /** Marks every object Caravel's docker engine created. */
    public static final String MANAGED = "io.caravel.managed";

    public static final String EXECUTION = "io.caravel.execution";
    public static final String NODE = "io.caravel.node";
    public static final String JOB = "io.caravel.job";

    private DockerLabels() {}

    /**
     * The container of an execution: {@code caravel-<executionId>} (one per daemon, whatever the
     * node).
     */
    public static String containerName(String executionId) {
        return "caravel-" + executionId;
    }

    /** The labels of the objects of one execution. */
    public static Map<String, String> of(String executionId, String nodeId, String jobId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED, "true");
        labels.put(EXECUTION, executionId);
        labels.put(NODE, nodeId);
        labels.put(JOB, jobId);
        return labels;
    }

    /** {@code key=value}, the form docker's label filters take. */
    public static String filter(String key, String value) {
        return key + "=" + value;
    }
}
