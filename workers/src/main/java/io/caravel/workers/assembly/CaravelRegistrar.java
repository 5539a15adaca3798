package io.caravel.workers.assembly;

import io.caravel.activities.node.NodeActivitiesImpl;
import io.caravel.activities.node.RegistryActivitiesImpl;
import io.caravel.activities.placement.ClaimActivitiesImpl;
import io.caravel.workers.Registrar;
import io.caravel.workers.fencing.FenceSweeper;
import io.caravel.workflows.JobWorkflowImpl;
import io.caravel.workflows.NodeRegistryWorkflowImpl;
import io.caravel.workflows.OrchestrationSettings;
import io.temporal.worker.Worker;

/** Registers Caravel's own workflows and activities on the queues a worker polls. */
public final class CaravelRegistrar implements Registrar {
    private final OrchestrationSettings settings;
    private final RegistryActivitiesImpl registry;
    private final NodeActivitiesImpl node;
    private final ClaimActivitiesImpl claim;
    private final FenceSweeper fences;

    public CaravelRegistrar(
            OrchestrationSettings settings,
            RegistryActivitiesImpl registry,
            NodeActivitiesImpl node,
            ClaimActivitiesImpl claim) {
        this(settings, registry, node, claim, null);
    }

    /** As above, with the node's fence sweeper, started with the workers. */
    public CaravelRegistrar(
            OrchestrationSettings settings,
            RegistryActivitiesImpl registry,
            NodeActivitiesImpl node,
            ClaimActivitiesImpl claim,
            FenceSweeper fences) {
        this.fences = fences;
        this.settings = settings;
        this.registry = registry;
        this.node = node;
        this.claim = claim;
    }

    @Override
    public void registerDefault(Worker worker) {
        JobWorkflowImpl.register(worker, settings);
        NodeRegistryWorkflowImpl.register(worker, settings);
        worker.registerActivitiesImplementations(registry);
    }

    @Override
    public void registerRegistry(Worker worker) {
        NodeRegistryWorkflowImpl.register(worker, settings);
    }

    @Override
    public void registerNode(Worker worker, String nodeId) {
        worker.registerActivitiesImplementations(node, claim);
    }

    @Override
    public void registerPlacement(Worker worker, String taskQueue) {
        worker.registerActivitiesImplementations(claim);
    }

    @Override
    public void started() {
        if (fences != null) {
            fences.start();
        }
    }

    @Override
    public void stopping() {
        if (fences != null) {
            fences.close();
        }
    }
}
