/**
 * The {@code s3} family's node half: {@code S3Source} and {@code S3Publisher} on the node's {@code
 * S3Clients} (one client per endpoint and region, with {@code S3Settings}). The client half ({@code
 * S3ResultFetcher}) is in the CLI, {@code io.caravel.cli.providers.s3}. See docs/providers.md.
 */
package io.caravel.activities.providers.s3;
