/**
 * Typed views of {@code Params} for every engine, input source and publisher type Caravel knows,
 * with {@link io.caravel.api.params.SpecTypes} naming their type strings and {@link
 * io.caravel.api.params.ParamsReader} reading params with Bacalhau's key rules.
 */
package io.caravel.api.params;
