package io.caravel.cli.results;

import io.caravel.api.model.SpecConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fetches, for {@code job get}, the published results of one type other than {@code urlDownload}
 * ({@code ipfs}, {@code s3} ...): the client half of a provider family, listed by type in {@link
 * io.caravel.cli.providers.ResultFetchers}.
 */
public interface ResultFetcher extends AutoCloseable {
    /**
     * Fetches {@code result} into {@code dir} (new and empty, under {@code raw/}).
     *
     * @return the fetched results: a directory in Bacalhau's layout, or a {@code .tar.gz}/{@code
     *     .tgz} archive of one
     * @throws io.caravel.api.errors.CaravelException {@code DOWNLOAD_FAILED} (or a more precise
     *     code) naming the result
     */
    Path fetch(SpecConfig result, Path dir) throws IOException, InterruptedException;

    /** Releases what the fetcher holds (clients it made itself); nothing by default. */
    @Override
    default void close() {}
}
