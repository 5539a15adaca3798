/**
 * The {@code wasm} engine: WASI preview1 modules run in the worker's process by Chicory
 * ({@link io.caravel.activities.engines.wasm.WasmEngine}), with the file system Bacalhau gives them
 * ({@link io.caravel.activities.engines.wasm.WasmFileSystem}) and its memory limit
 * ({@link io.caravel.activities.engines.wasm.WasmMemoryLimit}).
 */
package io.caravel.activities.engines.wasm;
