/**
 * The inside of {@code JobWorkflowImpl}; not an API. {@link io.caravel.workflows.internal.JobInput}
 * reads the workflow input, {@link io.caravel.workflows.internal.JobRunner} runs batch and ops
 * jobs, {@link io.caravel.workflows.internal.ExecutionRunner} runs one execution (claim, node
 * steps, release), {@link io.caravel.workflows.internal.StepOptions} derives every activity's
 * options, {@link io.caravel.workflows.internal.JobProgress} keeps state, executions and history.
 */
package io.caravel.workflows.internal;
