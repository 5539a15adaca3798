/**
 * The Bacalhau job model as immutable values: {@link io.caravel.api.model.Job}, {@link
 * io.caravel.api.model.Task}, {@link io.caravel.api.model.SpecConfig} and their parts, and the
 * state and run-output types. Reading, normalising and validating them lives in {@code
 * io.caravel.api.spec}.
 */
package io.caravel.api.model;
