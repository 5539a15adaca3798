/**
 * Guice wiring of the worker process: {@link io.caravel.workers.inject.CaravelWorkerModule} (the
 * process, with {@link io.caravel.workers.inject.NodeContextModule}: the node-wide state and the
 * families' settings the provider modules read); {@link
 * io.caravel.workers.inject.TemporalConnection} opens the connection to Temporal.
 */
package io.caravel.workers.inject;
