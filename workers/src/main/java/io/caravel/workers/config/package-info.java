/**
 * Worker configuration: {@link io.caravel.workers.config.WorkerConfig} (validated, immutable),
 * {@link io.caravel.workers.config.WorkerConfigLoader} (defaults, YAML file, environment, flags)
 * and {@link io.caravel.workers.config.ConfigKey} (every key with its variable, flag and default).
 */
package io.caravel.workers.config;
