package io.caravel.workers.inject;

import com.uber.m3.tally.Scope;
import io.caravel.api.errors.Problem;
import io.caravel.workers.config.ConfigKey;
import io.caravel.workers.config.InvalidConfigException;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.CaravelDataConverter;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Opens the worker's connection to Temporal as the configuration says: address, TLS, namespace, metrics. */
public final class TemporalConnection {
    private TemporalConnection() {
    }

    /**
     * Service stubs for {@code config}'s address; they connect on first use.
     *
     * @throws InvalidConfigException naming the TLS key whose file cannot be read or used
     */
    public static WorkflowServiceStubs stubs(WorkerConfig config, Scope metricsScope) {
        WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder()
                .setTarget(config.temporalAddress())
                .setMetricsScope(metricsScope);
        WorkerConfig.Tls tls = config.tls();
        if (tls.cert().isPresent() || tls.ca().isPresent()) {
            options.setSslContext(sslContext(tls));
        } else if (tls.enabled()) {
            options.setEnableHttps(true);
        }
        return WorkflowServiceStubs.newServiceStubs(options.build());
    }

    /** A client of {@code config}'s namespace with Caravel's data converter; the node id is its identity. */
    public static WorkflowClient client(WorkflowServiceStubs stubs, WorkerConfig config) {
        return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
                .setNamespace(config.namespace())
                .setDataConverter(CaravelDataConverter.get())
                .setIdentity(config.nodeId())
                .build());
    }

    static SslContext sslContext(WorkerConfig.Tls tls) {
        List<Problem> problems = new ArrayList<>();
        readable(problems, ConfigKey.TLS_CERT, tls.cert());
        readable(problems, ConfigKey.TLS_KEY, tls.key());
        readable(problems, ConfigKey.TLS_CA, tls.ca());
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        try {
            SslContextBuilder builder = GrpcSslContexts.forClient();
            tls.ca().ifPresent(ca -> builder.trustManager(ca.toFile()));
            if (tls.cert().isPresent() && tls.key().isPresent()) {
                builder.keyManager(tls.cert().get().toFile(), tls.key().get().toFile());
            }
            return builder.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidConfigException(List.of(new Problem(ConfigKey.TLS.key(), "the TLS files cannot be used: "
                    + e.getMessage() + "; " + ConfigKey.TLS_CERT.key() + " and " + ConfigKey.TLS_CA.key()
                    + " must be PEM certificates and " + ConfigKey.TLS_KEY.key() + " a PEM PKCS#8 private key")), e);
        }
    }

    private static void readable(List<Problem> problems, ConfigKey key, Optional<Path> file) {
        if (file.isPresent() && !Files.isReadable(file.get())) {
            problems.add(new Problem(key.key(), "cannot read " + file.get() + ": "
                    + (Files.exists(file.get()) ? "permission denied" : "no such file")));
        }
    }
}
