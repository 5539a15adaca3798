/**
 * Composition: {@link io.caravel.workflows.compose.CaravelJobs} runs jobs as child workflows of a
 * user's workflow, {@link io.caravel.workflows.compose.ResultInputs} feeds one job's results into
 * the next job's inputs.
 */
package io.caravel.workflows.compose;
