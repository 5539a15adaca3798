/**
 * The node half of the provider families, one package per family ({@code docker}, {@code s3} ...),
 * each with the family's engine, source or publisher classes and its Guice module ({@code
 * DockerModule}, {@code S3Module} ...), which binds them into the worker's registries through
 * {@link io.caravel.activities.providers.ProvidersModule} under the family's {@code XParams} type
 * constants. A module reads the node-wide state from {@link io.caravel.activities.node.NodeContext}
 * and its family's settings record ({@code S3Settings} ...), both bound by the worker. See
 * docs/providers.md.
 */
package io.caravel.activities.providers;
