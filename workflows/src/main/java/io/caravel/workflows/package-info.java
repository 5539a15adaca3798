/**
 * The orchestration of Caravel: {@link io.caravel.workflows.JobWorkflow} (a Bacalhau job as a
 * Temporal workflow), {@link io.caravel.workflows.NodeRegistryWorkflow}, the task queue names,
 * settings and the shared {@link io.caravel.workflows.CaravelDataConverter}.
 */
package io.caravel.workflows;
