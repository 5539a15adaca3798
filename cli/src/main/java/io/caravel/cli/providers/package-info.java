/**
 * The client half of the provider families: {@link io.caravel.cli.providers.ResultFetchers} lists,
 * one line per family, the fetcher that {@code job get} downloads the family's published results
 * with; each fetcher is in {@code io.caravel.cli.providers.<family>} ({@code s3}, {@code ipfs}).
 * See docs/providers.md.
 */
package io.caravel.cli.providers;
