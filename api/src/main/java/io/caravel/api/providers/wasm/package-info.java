/**
 * The {@code wasm} family's spec half: WasmEngineSpec, the type strings and param keys ({@code
 * WasmParams}) and the descriptor {@code WasmSpecProvider} listed in {@code SpecProviders}. Pure
 * code, used by workflows. See docs/providers.md.
 */
package io.caravel.api.providers.wasm;
