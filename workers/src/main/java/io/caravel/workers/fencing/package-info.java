/**
 * Fencing: {@link io.caravel.workers.fencing.FenceSweeper} kills and removes what a node holds of
 * executions Temporal has superseded, as {@link io.caravel.workers.fencing.ExecutionStanding} says.
 */
package io.caravel.workers.fencing;
