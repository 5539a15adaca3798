/**
 * The {@code inline} family's spec half: InlineSourceSpec, the type strings and param keys ({@code
 * InlineParams}) and the descriptor {@code InlineSpecProvider} listed in {@code SpecProviders}.
 * Pure code, used by workflows. See docs/providers.md.
 */
package io.caravel.api.providers.inline;
