/**
 * Bacalhau's command-line flag grammar as plain parsers: {@link io.caravel.api.cli.InputUriParser}
 * ({@code -i}), {@link io.caravel.api.cli.PublisherUriParser} ({@code -p}), {@link
 * io.caravel.api.cli.OutputVolumeParser} ({@code -o}), {@link io.caravel.api.cli.LabelsParser},
 * {@link io.caravel.api.cli.ConstraintsParser} and {@link io.caravel.api.cli.JobFlags}, each
 * turning a flag value into model values or throwing a {@code BAD_ARGUMENT} {@link
 * io.caravel.api.errors.CaravelException}.
 */
package io.caravel.api.cli;
