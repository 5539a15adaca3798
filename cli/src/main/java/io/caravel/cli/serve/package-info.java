/**
 * The Bacalhau API server of {@code caravel serve} and {@code caravel dev}: Bacalhau's public API
 * v1 ({@code /api/v1/...}) over Temporal, so that Bacalhau's CLI and clients work against Caravel.
 * {@link io.caravel.cli.serve.ApiServer} binds the routes; {@link io.caravel.cli.serve.JobRoutes},
 * {@link io.caravel.cli.serve.NodeRoutes}, {@link io.caravel.cli.serve.AgentRoutes} and {@link
 * io.caravel.cli.serve.AuthRoutes} answer them; {@link io.caravel.cli.serve.WireModels} writes
 * Caravel's models in Bacalhau's JSON; {@link io.caravel.cli.serve.ApiError} is Bacalhau's error
 * body. The server keeps no state of its own: every answer comes from Temporal.
 */
package io.caravel.cli.serve;
