package io.caravel.workflows.activities;

import io.caravel.workflows.model.NodeInfo;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Runs on the default queue; reads the node registry for the workflow (workflows cannot query). */
@ActivityInterface
public interface RegistryActivities {
    /** The nodes that sent a heartbeat recently (connected nodes only). */
    @ActivityMethod(name = "ListNodes")
    List<NodeInfo> listNodes();
}
