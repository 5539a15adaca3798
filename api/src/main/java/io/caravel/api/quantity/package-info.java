/**
 * Resource quantities as Bacalhau writes them: {@link io.caravel.api.quantity.Quantities} parses
 * CPU, byte sizes and GPU counts, and {@link io.caravel.api.quantity.Resources} holds a task's
 * parsed request with Bacalhau's defaults.
 */
package io.caravel.api.quantity;
