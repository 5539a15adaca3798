/**
 * The node's presence in the node registry: {@link io.caravel.workers.registry.NodeDescription}
 * (what the node declares) and {@link io.caravel.workers.registry.NodeHeartbeater} (which sends
 * it).
 */
package io.caravel.workers.registry;
