/**
 * The {@code docker} engine: runs a task as a container on a Docker daemon through docker-java
 * (zero-dependency transport), with Bacalhau's mounts, environment, resources, GPUs, results layout
 * and network modes, and containers named and labelled by execution so that a restarted worker
 * re-attaches to them and removes the ones whose executions are gone.
 */
package io.caravel.activities.providers.docker;
