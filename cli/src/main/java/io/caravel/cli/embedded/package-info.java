/**
 * The embedded default: {@link io.caravel.cli.embedded.EmbeddedCluster}, a Temporal server on
 * 127.0.0.1 ({@link io.caravel.cli.embedded.EmbeddedServer}: the in-memory Java test server, {@link
 * io.caravel.cli.embedded.LoopbackTestServer}, or a {@code temporal server start-dev} child
 * process, {@link io.caravel.cli.embedded.DevTemporalServer}) with one in-process worker configured
 * by {@link io.caravel.cli.embedded.EmbeddedWorkerConfig}.
 */
package io.caravel.cli.embedded;
