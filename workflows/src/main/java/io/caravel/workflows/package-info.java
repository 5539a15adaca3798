/**
 * The orchestration of Caravel: {@link io.caravel.workflows.JobWorkflow} (a Bacalhau job as a
 * Temporal workflow) and {@link io.caravel.workflows.NodeRegistryWorkflow}, their implementations
 * ({@link io.caravel.workflows.JobWorkflowImpl}, {@link
 * io.caravel.workflows.NodeRegistryWorkflowImpl}, each with a {@code register(Worker,
 * OrchestrationSettings)}), the task queue names, settings and the shared {@link
 * io.caravel.workflows.CaravelDataConverter}.
 */
package io.caravel.workflows;
