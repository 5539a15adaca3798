/**
 * The {@code ipfs} family's client half: {@code IpfsResultFetcher}, which {@code job get} fetches
 * {@code ipfs} results with (listed in {@code io.caravel.cli.providers.ResultFetchers}). See
 * docs/providers.md.
 */
package io.caravel.cli.providers.ipfs;
