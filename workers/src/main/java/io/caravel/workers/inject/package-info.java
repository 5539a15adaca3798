/**
 * Guice wiring of the worker process: {@link io.caravel.workers.inject.CaravelWorkerModule} (the
 * process) and {@link io.caravel.workers.inject.ProvidersModule} (engines, input sources and
 * publishers, keyed by lower-cased type string); {@link
 * io.caravel.workers.inject.TemporalConnection} opens the connection to Temporal.
 */
package io.caravel.workers.inject;
