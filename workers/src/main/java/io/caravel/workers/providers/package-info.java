/**
 * The node half's wiring of each built-in provider family: one Guice module per family ({@code
 * DockerModule}, {@code S3Module} ...) binding its engine, source or publisher into the worker's
 * registries under its {@code XParams} type constant ({@link
 * io.caravel.workers.inject.ProvidersModule#engines}). {@link
 * io.caravel.workers.assembly.BuiltinProviders} lists them, one line each. The modules sit in
 * {@code workers} because they read {@link io.caravel.workers.config.WorkerConfig}; the provider
 * classes they construct are in {@code io.caravel.activities.providers.<family>}. See
 * docs/providers.md.
 */
package io.caravel.workers.providers;
