package io.caravel.workers;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.spi.Message;
import io.caravel.api.errors.CaravelException;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.inject.CaravelWorkerModule;
import io.caravel.workers.metrics.MetricsServer;
import io.caravel.workers.metrics.TemporalMetrics;
import io.caravel.workers.results.ResultsServer;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker process: the injector's {@link CaravelWorker}, the metrics endpoint when
 * configured, the results server when the assembly binds one, and the connection to Temporal,
 * started and stopped together.
 */
public final class WorkerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);

    private final CaravelWorker worker;
    private final Optional<TemporalMetrics> metrics;
    private final Optional<MetricsServer> metricsServer;
    private final Optional<ResultsServer> resultsServer;
    private final WorkflowServiceStubs stubs;
    private final Injector injector;

    private WorkerProcess(
            Injector injector,
            CaravelWorker worker,
            Optional<TemporalMetrics> metrics,
            Optional<MetricsServer> metricsServer,
            Optional<ResultsServer> resultsServer,
            WorkflowServiceStubs stubs) {
        this.injector = injector;
        this.resultsServer = resultsServer;
        this.worker = worker;
        this.metrics = metrics;
        this.metricsServer = metricsServer;
        this.stubs = stubs;
    }

    /**
     * Wires a worker for {@code config} with {@code assembly} (the modules that contribute the
     * providers and bind the {@link Registrar}) and starts it.
     *
     * @throws CaravelException when the wiring fails because of the configuration (an {@link
     *     io.caravel.workers.config.InvalidConfigException}, e.g. an enabled engine without a
     *     provider); other wiring errors are thrown as Guice reports them
     * @throws UncheckedIOException when the metrics or results port cannot be bound
     */
    public static WorkerProcess start(WorkerConfig config, List<? extends Module> assembly) {
        List<Module> modules = new ArrayList<>();
        modules.add(new CaravelWorkerModule(config));
        modules.addAll(assembly);
        return start(modules, config);
    }

    /**
     * Starts a worker wired by {@code modules}, which include a {@link CaravelWorkerModule} for
     * {@code config}.
     */
    public static WorkerProcess start(List<? extends Module> modules, WorkerConfig config) {
        Injector injector;
        try {
            injector = Guice.createInjector(Stage.PRODUCTION, modules);
        } catch (CreationException e) {
            RuntimeException reported = configProblem(e).orElse(null);
            throw reported != null ? reported : bindProblem(e).orElseThrow(() -> e);
        }
        Optional<TemporalMetrics> metrics =
                injector.getInstance(Key.get(new TypeLiteral<Optional<TemporalMetrics>>() {}));
        WorkflowServiceStubs stubs = injector.getInstance(WorkflowServiceStubs.class);
        Optional<MetricsServer> server = Optional.empty();
        try {
            if (metrics.isPresent()) {
                server =
                        Optional.of(
                                MetricsServer.start(config.metricsPort(), metrics.get()::scrape));
            }
        } catch (IOException e) {
            metrics.ifPresent(TemporalMetrics::close);
            stubs.shutdownNow();
            throw new UncheckedIOException(
                    "cannot serve metrics on 127.0.0.1:"
                            + config.metricsPort()
                            + " (metricsPort): "
                            + e.getMessage(),
                    e);
        }
        Optional<ResultsServer> results =
                Optional.ofNullable(injector.getExistingBinding(Key.get(ResultsServer.class)))
                        .map(b -> b.getProvider().get());
        CaravelWorker worker = injector.getInstance(CaravelWorker.class);
        WorkerProcess process =
                new WorkerProcess(injector, worker, metrics, server, results, stubs);
        try {
            results.ifPresent(ResultsServer::start);
            worker.start();
        } catch (RuntimeException e) {
            process.stop();
            throw e;
        }
        return process;
    }

    /** The worker. */
    public CaravelWorker worker() {
        return worker;
    }

    /** The injector, for the integration step and tests. */
    public Injector injector() {
        return injector;
    }

    /** The metrics endpoint, when {@code metricsPort} is set. */
    public Optional<MetricsServer> metricsServer() {
        return metricsServer;
    }

    /** The results server, when the assembly binds one. */
    public Optional<ResultsServer> resultsServer() {
        return resultsServer;
    }

    /**
     * Stops the worker gracefully, then the results server, the metrics endpoint and the
     * connection. Safe to call twice.
     */
    public void stop() {
        worker.stop();
        resultsServer.ifPresent(ResultsServer::close);
        metricsServer.ifPresent(MetricsServer::close);
        metrics.ifPresent(TemporalMetrics::close);
        stubs.shutdown();
        try {
            if (!stubs.awaitTermination(5, TimeUnit.SECONDS)) {
                stubs.shutdownNow();
            }
        } catch (RuntimeException e) {
            LOG.debug("Closing the connection to Temporal failed", e);
        }
    }

    /** Blocks until {@link #stop()} has stopped the worker. */
    public void awaitStopped() throws InterruptedException {
        worker.awaitStopped();
    }

    @Override
    public void close() {
        stop();
    }

    /** A port that could not be bound while wiring (the results server binds as it is created). */
    private static Optional<UncheckedIOException> bindProblem(CreationException e) {
        for (Message m : e.getErrorMessages()) {
            for (Throwable t = m.getCause(); t != null; t = t.getCause()) {
                if (t instanceof UncheckedIOException u) {
                    return Optional.of(u);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<CaravelException> configProblem(CreationException e) {
        for (Message m : e.getErrorMessages()) {
            for (Throwable t = m.getCause(); t != null; t = t.getCause()) {
                if (t instanceof CaravelException c) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }
}
