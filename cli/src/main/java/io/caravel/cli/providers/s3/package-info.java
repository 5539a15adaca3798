/**
 * The {@code s3} family's client half: {@code S3ResultFetcher}, which {@code job get} fetches
 * {@code s3} results with (listed in {@code io.caravel.cli.providers.ResultFetchers}). See
 * docs/providers.md.
 */
package io.caravel.cli.providers.s3;
