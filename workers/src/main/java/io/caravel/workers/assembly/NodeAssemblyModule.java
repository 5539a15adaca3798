package io.caravel.workers.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.node.HostPortAllocator;
import io.caravel.activities.node.NodeActivitiesImpl;
import io.caravel.activities.node.RegistryActivitiesImpl;
import io.caravel.activities.placement.ClaimActivitiesImpl;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.env.HostEnvResolver;
import io.caravel.workers.Registrar;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.fencing.ExecutionStanding;
import io.caravel.workers.fencing.FenceSweeper;
import io.caravel.workers.registry.NodeDescription;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.client.WorkflowClient;
import java.util.Map;

/**
 * Wires the node's activities from the worker's configuration and the providers bound by {@link
 * io.caravel.activities.providers.ProvidersModule}, and the {@link Registrar} that puts them and
 * the workflows on the queues.
 */
public final class NodeAssemblyModule extends AbstractModule {
    private final OrchestrationSettings settings;

    public NodeAssemblyModule(OrchestrationSettings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    NodePolicy policy(WorkerConfig config, NodeDescription description) {
        NodeInfo node = description.get();
        return NodePolicy.builder(config.nodeId())
                .labels(config.labels())
                .engines(node.engines())
                .sources(node.sources())
                .publishers(node.publishers())
                .networkTypes(config.networkTypes())
                .localAllowList(config.localAllowList())
                .build();
    }

    @Provides
    @Singleton
    NodeActivitiesImpl nodeActivities(
            WorkerConfig config,
            NodePolicy policy,
            NodeLedger ledger,
            Map<String, Engine> engines,
            Map<String, InputSourceProvider> sources,
            Map<String, Publisher> publishers) {
        NodeActivitiesImpl activities =
                new NodeActivitiesImpl(
                        config.nodeId(),
                        new ExecutionDirs(config.storageDir()),
                        policy,
                        ledger,
                        engines,
                        sources,
                        publishers,
                        new HostEnvResolver(config.hostEnvAllowList(), System::getenv),
                        new HostPortAllocator(config.portRange()),
                        config.nodeGracePeriod());
        // Before any activity runs: containers (and the like) of executions released while the
        // worker was away.
        activities.removeOrphans();
        return activities;
    }

    @Provides
    @Singleton
    ClaimActivitiesImpl claimActivities(
            WorkerConfig config,
            NodePolicy policy,
            NodeLedger ledger,
            NodeDescription description) {
        return new ClaimActivitiesImpl(
                policy,
                ledger,
                TaskQueues.node(config.nodeId()),
                description.availability(),
                ClaimActivitiesImpl.BUSY_WAIT);
    }

    @Provides
    @Singleton
    Registrar registrar(
            WorkflowClient client,
            NodeActivitiesImpl node,
            ClaimActivitiesImpl claim,
            WorkerConfig config) {
        OrchestrationSettings.Builder s = settings.toBuilder();
        if (config.searchAttributes()) {
            s.useSearchAttributes(true);
        }
        s.nodeGracePeriod(config.nodeGracePeriod());
        s.maxConcurrentPartitions(config.maxConcurrentPartitions());
        s.restartBackoff(config.longRunning().restartBackoff())
                .restartBackoffMax(config.longRunning().restartBackoffMax())
                .daemonNodeCheck(config.longRunning().daemonNodeCheck())
                .longRunningHistory(config.longRunning().history());
        if (!config.defaultPublisher().isEmpty()) {
            s.defaultPublisher(config.defaultPublisher());
        }
        return new CaravelRegistrar(
                s.build(),
                new RegistryActivitiesImpl(client),
                node,
                claim,
                new FenceSweeper(node, new ExecutionStanding(client)));
    }
}
