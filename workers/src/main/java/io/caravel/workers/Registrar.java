package io.caravel.workers;

import io.temporal.worker.Worker;

/**
 * Registers the workflow and activity implementations on the workers a {@link CaravelWorker}
 * creates, one call per task queue. Kept apart from {@link CaravelWorker} so that what runs can be
 * chosen where the implementations are known, and so tests can register their own.
 */
public interface Registrar {
    /** Registers nothing: the worker polls no queue. */
    Registrar NONE =
            new Registrar() {
                @Override
                public void registerDefault(Worker worker) {}

                @Override
                public void registerNode(Worker worker, String nodeId) {}

                @Override
                public void registerPlacement(Worker worker, String taskQueue) {}
            };

    /**
     * Registers on the worker of {@link io.caravel.workflows.TaskQueues#DEFAULT}: the workflows
     * ({@code JobWorkflow}, the node registry for a registry an older worker started there) and the
     * registry activities.
     */
    void registerDefault(Worker worker);

    /**
     * Registers on the worker of {@link io.caravel.workflows.TaskQueues#REGISTRY}: the node
     * registry workflow. By default what {@link #registerDefault} registers.
     */
    default void registerRegistry(Worker worker) {
        registerDefault(worker);
    }

    /**
     * Registers on the worker of this node's own queue ({@link
     * io.caravel.workflows.TaskQueues#node}): the execution activities and the claim activity (ops
     * jobs claim a named node directly).
     */
    void registerNode(Worker worker, String nodeId);

    /**
     * Registers the claim activity on the worker of a placement queue ({@link
     * io.caravel.workflows.TaskQueues#PLACEMENT_CPU} or {@link
     * io.caravel.workflows.TaskQueues#PLACEMENT_GPU}), which polls only while the node's ledger has
     * room.
     */
    void registerPlacement(Worker worker, String taskQueue);

    /** Called once the workers poll: start node-side background work. Nothing by default. */
    default void started() {}

    /** Called when the worker begins to stop, before polling stops. Nothing by default. */
    default void stopping() {}
}
