/**
 * The {@code s3} family's spec half: S3SourceSpec, S3PublisherSpec, the type strings and param keys
 * ({@code S3Params}) and the descriptor {@code S3SpecProvider} listed in {@code SpecProviders}.
 * Pure code, used by workflows. See docs/providers.md.
 */
package io.caravel.api.providers.s3;
