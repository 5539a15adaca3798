/**
 * The spec half of the provider families: {@link io.caravel.api.providers.SpecProvider} (what a
 * family declares), {@link io.caravel.api.providers.SpecProviders} (the list of families), and one
 * sub-package per family holding its spec records, its param key constants ({@code XParams}) and
 * its descriptor ({@code XSpecProvider}). See docs/providers.md.
 */
package io.caravel.api.providers;
