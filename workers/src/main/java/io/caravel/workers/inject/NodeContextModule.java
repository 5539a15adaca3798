package io.caravel.workers.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.node.NodeContext;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.workers.capacity.NodeCapacity;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.results.ResultsServer;
import java.util.Optional;

/**
 * What the provider families' modules ({@code io.caravel.activities.providers.<family>}) read from
 * the worker's configuration, so that they never import it: the {@link NodeContext} and each
 * family's settings record, bound under its declared class ({@link SettingsDeclaration#type()}).
 */
public final class NodeContextModule extends AbstractModule {
    private final WorkerConfig config;

    public NodeContextModule(WorkerConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        config.providers().declarations().forEach(this::bindRecord);
    }

    private <R> void bindRecord(SettingsDeclaration<R> declaration) {
        bind(declaration.type()).toInstance(config.provider(declaration));
    }

    /**
     * The node as its providers see it: the task-disk limit resolved against the detected disk
     * capacity, and its own results server's bound URL where it serves one.
     */
    @Provides
    @Singleton
    NodeContext node(NodeCapacity capacity, Optional<ResultsServer> resultsServer) {
        return context(
                config,
                capacity.resources().diskBytes(),
                resultsServer.map(ResultsServer::advertisedUrl));
    }

    /**
     * The context of a node with {@code config} offering {@code diskCapacityBytes}, whose results
     * server is bound at {@code boundResultsUrl} (empty: not bound, or none).
     */
    public static NodeContext context(
            WorkerConfig config, long diskCapacityBytes, Optional<String> boundResultsUrl) {
        return new NodeContext(
                config.nodeId(),
                config.storageDir(),
                config.taskDisk().resolve(diskCapacityBytes),
                config.inputs().maxBytes(),
                config.outbound().fetchAllowedNetworks(),
                config.outbound().egressRefuseNonPublic(),
                config.results().ownUrl(boundResultsUrl));
    }
}
