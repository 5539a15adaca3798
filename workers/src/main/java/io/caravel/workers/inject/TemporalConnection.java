package io.caravel.workers.inject;

import com.uber.m3.tally.Scope;
import io.caravel.workers.config.ConfigKey;
import io.caravel.workers.config.InvalidConfigException;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.tls.TemporalTls;
import io.caravel.workers.tls.UnusableTlsFilesException;
import io.caravel.workflows.CaravelDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/**
 * Opens the worker's connection to Temporal as the configuration says: address, TLS, namespace,
 * metrics.
 */
public final class TemporalConnection {
    private static final TemporalTls.Names NAMES =
            new TemporalTls.Names(
                    ConfigKey.TLS.key(),
                    ConfigKey.TLS_CERT.key(),
                    ConfigKey.TLS_KEY.key(),
                    ConfigKey.TLS_CA.key());

    private TemporalConnection() {}

    /**
     * Service stubs for {@code config}'s address; they connect on first use.
     *
     * @throws InvalidConfigException naming the TLS key whose file cannot be read or used
     */
    public static WorkflowServiceStubs stubs(WorkerConfig config, Scope metricsScope) {
        WorkflowServiceStubsOptions.Builder options =
                WorkflowServiceStubsOptions.newBuilder()
                        .setTarget(config.temporalAddress())
                        .setMetricsScope(metricsScope);
        try {
            config.tls().applyTo(options, NAMES);
        } catch (UnusableTlsFilesException e) {
            throw new InvalidConfigException(e.problems(), e);
        }
        return WorkflowServiceStubs.newServiceStubs(options.build());
    }

    /**
     * A client of {@code config}'s namespace with Caravel's data converter; the node id is its
     * identity.
     */
    public static WorkflowClient client(WorkflowServiceStubs stubs, WorkerConfig config) {
        return WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(config.namespace())
                        .setDataConverter(CaravelDataConverter.get())
                        .setIdentity(config.nodeId())
                        .build());
    }
}
