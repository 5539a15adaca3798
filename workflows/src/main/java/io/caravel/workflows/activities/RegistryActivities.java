package io.caravel.workflows.activities;

import io.caravel.workflows.model.NodeInfo;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Reads the node registry for the workflow (workflows cannot query): a local activity of the worker
 * that runs the workflow, registered with the workflow on the default queue (workflows started
 * before that schedule it there as an ordinary activity).
 */
@ActivityInterface
public interface RegistryActivities {
    /** The nodes that sent a heartbeat recently (connected nodes only). */
    @ActivityMethod(name = "ListNodes")
    List<NodeInfo> listNodes();

    /**
     * The node list as this worker last read it, when that was at most a second ago; else read now,
     * as {@link #listNodes()}. It saves a query to the registry per job in a stream of jobs; a
     * caller that finds no fitting node in it reads the list afresh, since a node may have joined
     * since. Without a list of its own, the registry's. (Its activity type is {@code
     * ListRecentNodes}, the SDK's name for the method: the SDK refuses the annotation on a default
     * method.)
     */
    default List<NodeInfo> listRecentNodes() {
        return listNodes();
    }
}
