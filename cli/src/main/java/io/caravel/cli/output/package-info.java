/**
 * What the CLI prints: {@link io.caravel.cli.output.Table}, the job views of {@link
 * io.caravel.cli.output.JobViews}, {@link io.caravel.cli.output.OutputFormat} for JSON and YAML.
 */
package io.caravel.cli.output;
