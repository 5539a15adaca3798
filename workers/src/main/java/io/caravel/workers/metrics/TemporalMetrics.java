package io.caravel.workers.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal SDK's metrics kept in a Prometheus registry: give {@link #scope()} to the {@code
 * WorkflowServiceStubsOptions} of the worker's connection (the worker factory reports through the
 * same scope) and serve {@link #scrape()} with a {@link MetricsServer}.
 */
public final class TemporalMetrics implements AutoCloseable {
    /**
     * How often the SDK's counters are pushed into the registry; a scrape sees values this old at
     * most.
     */
    public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(TemporalMetrics.class);

    private final PrometheusMeterRegistry registry;
    private final Scope scope;

    private TemporalMetrics(PrometheusMeterRegistry registry, Scope scope) {
        this.registry = registry;
        this.scope = scope;
    }

    /** Metrics reported every {@link #DEFAULT_REPORT_INTERVAL}. */
    public static TemporalMetrics create() {
        return create(DEFAULT_REPORT_INTERVAL);
    }

    /** Metrics reported every {@code reportInterval}. */
    public static TemporalMetrics create(Duration reportInterval) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Scope scope =
                new RootScopeBuilder()
                        .reporter(new MicrometerClientStatsReporter(registry))
                        .reportEvery(com.uber.m3.util.Duration.ofMillis(reportInterval.toMillis()));
        return new TemporalMetrics(registry, scope);
    }

    /** The scope the SDK reports to. */
    public Scope scope() {
        return scope;
    }

    /** The registry, for meters of Caravel's own. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Every metric in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** Stops reporting; reports once more first. */
    @Override
    public void close() {
        try {
            scope.close();
        } catch (ScopeCloseException e) {
            LOG.warn("Could not close the metrics scope cleanly", e);
        } finally {
            registry.close();
        }
    }
}
