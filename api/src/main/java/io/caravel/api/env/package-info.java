/**
 * Task environment variables: {@link io.caravel.api.env.EnvNames} checks names and values, {@link
 * io.caravel.api.env.EnvValue} and {@link io.caravel.api.env.HostEnvResolver} resolve {@code
 * env:HOST_VAR} references against an allow-list, and {@link io.caravel.api.env.ExecutionEnv}
 * builds the {@code BACALHAU_*} variables every execution gets.
 */
package io.caravel.api.env;
