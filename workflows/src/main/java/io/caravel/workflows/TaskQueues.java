package io.caravel.workflows;

/**
 * The task queues Caravel uses. Job workflows and the node registry run on {@link #DEFAULT};
 * placement claims go to a placement queue chosen from the task's resources; every later activity
 * of an execution goes to the claiming node's own queue.
 */
public final class TaskQueues {
    /** Where {@code JobWorkflow} and the node registry run. */
    public static final String DEFAULT = "caravel";
    /** Placement claims of tasks that need no GPU. */
    public static final String PLACEMENT_CPU = "caravel-place-cpu";
    /** Placement claims of tasks that need one or more GPUs. */
    public static final String PLACEMENT_GPU = "caravel-place-gpu";

    private static final String NODE_PREFIX = "caravel-node-";

    private TaskQueues() {
    }

    /** The queue only the node {@code nodeId} polls. */
    public static String node(String nodeId) {
        return NODE_PREFIX + nodeId;
    }

    /** The placement queue for a task needing {@code gpus} GPUs. */
    public static String placement(long gpus) {
        return gpus > 0 ? PLACEMENT_GPU : PLACEMENT_CPU;
    }
}
