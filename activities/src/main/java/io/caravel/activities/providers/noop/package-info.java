/**
 * The {@code noop} providers, first-class test helpers: {@link
 * io.caravel.activities.providers.noop.NoopEngine} (with Caravel's test params {@code Sleep},
 * {@code ExitCode}, {@code Stdout}, {@code Stderr}) and {@link
 * io.caravel.activities.providers.noop.NoopPublisher}.
 */
package io.caravel.activities.providers.noop;
