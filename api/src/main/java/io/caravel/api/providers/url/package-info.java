/**
 * The {@code url} family's spec half: UrlDownloadSourceSpec, the type strings and param keys
 * ({@code UrlParams}) and the descriptor {@code UrlSpecProvider} listed in {@code SpecProviders}.
 * Pure code, used by workflows. See docs/providers.md.
 */
package io.caravel.api.providers.url;
