/**
 * The assembly of a worker: the built-in providers, the node's activities and the {@link
 * io.caravel.workers.assembly.CaravelRegistrar} that registers them and the workflows.
 */
package io.caravel.workers.assembly;
