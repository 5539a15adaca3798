/**
 * Metrics of the worker: {@link io.caravel.workers.metrics.TemporalMetrics} (the Temporal SDK's
 * metrics in a Prometheus registry) and {@link io.caravel.workers.metrics.MetricsServer}, which
 * serves them on the loopback interface.
 */
package io.caravel.workers.metrics;
