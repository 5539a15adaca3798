/**
 * The {@code local} family's spec half: LocalSourceSpec, LocalAllowList, the type strings and param
 * keys ({@code LocalParams}) and the descriptor {@code LocalSpecProvider} listed in {@code
 * SpecProviders}. Pure code, used by workflows. See docs/providers.md.
 */
package io.caravel.api.providers.local;
