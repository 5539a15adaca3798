/**
 * The {@code noop} family's spec half: NoopEngineSpec, the type strings and param keys ({@code
 * NoopParams}) and the descriptor {@code NoopSpecProvider} listed in {@code SpecProviders}. Pure
 * code, used by workflows. See docs/providers.md.
 */
package io.caravel.api.providers.noop;
