/**
 * The {@code wasm} engine: WASI preview1 modules run in the worker's process by Chicory ({@link
 * io.caravel.activities.providers.wasm.WasmEngine}), with the file system Bacalhau gives them
 * ({@link io.caravel.activities.providers.wasm.WasmFileSystem}), each mount confined and inputs
 * read-only by a file system of our own ({@link
 * io.caravel.activities.providers.wasm.ConfinedFileSystem}, {@link
 * io.caravel.activities.providers.wasm.ConfinedFileSystemProvider}), and its memory limit ({@link
 * io.caravel.activities.providers.wasm.WasmMemoryLimit}).
 */
package io.caravel.activities.providers.wasm;
