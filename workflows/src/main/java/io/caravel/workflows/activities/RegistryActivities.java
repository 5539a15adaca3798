package io.caravel.workflows.activities;

import io.caravel.workflows.model.NodeInfo;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Reads the node registry for the workflow (workflows cannot query): a local activity of the
 * worker that runs the workflow, registered with the workflow on the default queue (workflows
 * started before that schedule it there as an ordinary activity).
 */
@ActivityInterface
public interface RegistryActivities {
    /** The nodes that sent a heartbeat recently (connected nodes only). */
    @ActivityMethod(name = "ListNodes")
    List<NodeInfo> listNodes();
}
