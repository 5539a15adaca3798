/**
 * The embedded default: {@link io.caravel.cli.embedded.EmbeddedCluster} (the Java test server on
 * 127.0.0.1, {@link io.caravel.cli.embedded.LoopbackTestServer}, with one in-process worker).
 */
package io.caravel.cli.embedded;
