/**
 * The {@code noop} providers, first-class test helpers: {@link
 * io.caravel.activities.noop.NoopEngine} (with Caravel's test params {@code Sleep}, {@code
 * ExitCode}, {@code Stdout}, {@code Stderr}) and {@link io.caravel.activities.noop.NoopPublisher}.
 */
package io.caravel.activities.noop;
