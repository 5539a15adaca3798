package io.caravel.workflows;

/**
 * The task queues Caravel uses. Job workflows run on {@link #DEFAULT}, the node registry on {@link
 * #REGISTRY}; placement claims go to a placement queue chosen from the task's resources; every
 * later activity of an execution goes to the claiming node's own queue.
 */
public final class TaskQueues {
    /** Where {@code JobWorkflow} runs. */
    public static final String DEFAULT = "caravel";

    /**
     * Where the node registry runs, apart from the jobs: its workflow tasks and queries are then
     * not queued behind thousands of job workflow tasks on a busy worker. With 10,000 jobs waiting
     * on one worker, the registry shared {@link #DEFAULT} and every read of it (a job's check that
     * a node fits, {@code caravel node list}) was refused with {@code RESOURCE_EXHAUSTED:
     * consistent query buffer is full}: the server keeps one query to a workflow waiting while that
     * workflow's task is under way. A registry started on {@link #DEFAULT} by an older worker moves
     * here when it next continues as new.
     */
    public static final String REGISTRY = "caravel-registry";

    /** Placement claims of tasks that need no GPU. */
    public static final String PLACEMENT_CPU = "caravel-place-cpu";

    /** Placement claims of tasks that need one or more GPUs. */
    public static final String PLACEMENT_GPU = "caravel-place-gpu";

    private static final String NODE_PREFIX = "caravel-node-";

    private TaskQueues() {}

    /** The queue only the node {@code nodeId} polls. */
    public static String node(String nodeId) {
        return NODE_PREFIX + nodeId;
    }

    /** The placement queue for a task needing {@code gpus} GPUs. */
    public static String placement(long gpus) {
        return gpus > 0 ? PLACEMENT_GPU : PLACEMENT_CPU;
    }
}
