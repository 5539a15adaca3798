/**
 * Settings owned by providers. {@link io.caravel.activities.settings.Setting} declares one key of
 * the worker configuration (name, kind, environment variable and flag derived from the name,
 * default, one line on its meaning, documentation section, parser); {@link
 * io.caravel.activities.settings.SettingsDeclaration} groups a provider family's keys with the
 * typed record it builds from a {@link io.caravel.activities.settings.SettingsSource} (the merged
 * layers: flags over environment over file over the declared default).
 *
 * <p>To give a provider a key: declare a {@code Setting} constant in its settings record (e.g.
 * {@code io.caravel.activities.providers.docker.DockerSettings}), add it to the record's {@code
 * DECLARATION} (its {@code resolve} checks it and reports a {@link io.caravel.api.errors.Problem}
 * under the key's name), list a new declaration in the family's {@code XModule.settings()} ({@link
 * io.caravel.activities.providers.ProviderFamily}), and add its row to the provider's table in
 * {@code docs/configuration.md}, which {@code ConfigurationDocsTest} checks. The worker composes,
 * resolves ({@link io.caravel.activities.settings.ProviderSettings}) and binds the declarations of
 * its families without naming them. Node-wide keys (identity, Temporal, capacity, storage,
 * orchestration) stay in {@code io.caravel.workers.config.ConfigKey}.
 */
package io.caravel.activities.settings;
