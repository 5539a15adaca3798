/**
 * Local results: the gzip tar archive of a results directory ({@link
 * io.caravel.activities.results.TarGz}), which the {@code local} publisher writes ({@code
 * io.caravel.activities.providers.local}), and its safe unpacking ({@link
 * io.caravel.activities.results.SafeExtractor}), which {@code job get} uses (its downloader is in
 * the CLI, {@code io.caravel.cli.results}).
 */
package io.caravel.activities.results;
