/**
 * The results download of {@code job get}, the client half of the publishers: {@link
 * io.caravel.cli.results.ResultsDownloader} downloads the published results of a job's executions
 * ({@code urlDownload} itself, other types through a {@link io.caravel.cli.results.ResultFetcher})
 * and merges them as Bacalhau does; the fetchers are in {@code io.caravel.cli.providers.<family>}.
 * See docs/providers.md.
 */
package io.caravel.cli.results;
