/**
 * Settings owned by providers: {@link io.caravel.activities.settings.Setting} declares one key of
 * the worker configuration (name, kind, environment variable, flag, default, meaning, section),
 * {@link io.caravel.activities.settings.SettingsDeclaration} groups a provider's keys with the
 * typed record it builds from a {@link io.caravel.activities.settings.SettingsSource}. The worker
 * ({@code io.caravel.workers.config}) composes the declarations with its node-wide keys and merges
 * the layers.
 */
package io.caravel.activities.settings;
