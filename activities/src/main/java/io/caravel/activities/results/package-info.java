/**
 * Local results: the gzip tar archive of a results directory ({@link
 * io.caravel.activities.results.TarGz}), which the {@code local} publisher writes ({@code
 * io.caravel.activities.providers.local}), and the safe download and unpacking of published results
 * for {@code job get} ({@link io.caravel.activities.results.ResultsDownloader}, {@link
 * io.caravel.activities.results.SafeExtractor}).
 */
package io.caravel.activities.results;
