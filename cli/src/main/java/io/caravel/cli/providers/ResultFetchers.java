package io.caravel.cli.providers;

import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.ipfs.IpfsParams;
import io.caravel.api.providers.s3.S3Params;
import io.caravel.cli.providers.ipfs.IpfsResultFetcher;
import io.caravel.cli.providers.s3.S3ResultFetcher;
import io.caravel.cli.results.ResultFetcher;
import io.caravel.cli.results.ResultsDownloader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The client half of the provider families: the fetchers {@code job get} downloads published
 * results with, one line per family in {@link #FAMILIES}, keyed by the result type the family's
 * publisher publishes (its {@code XParams.TYPE}). {@code urlDownload}, what the {@code local}
 * publisher publishes, needs no line: {@link ResultsDownloader} downloads it over its own HTTP
 * client (with the results servers' token and CA). A result of any other type fails the download
 * before anything is fetched, naming the type and those that can be downloaded. See
 * docs/providers.md.
 */
public final class ResultFetchers implements AutoCloseable {
    /**
     * What the CLI's fetchers are made from.
     *
     * @param ipfsApi the Kubo RPC API {@code ipfs} results are fetched through; blank: they are not
     *     downloaded
     * @param ipfsTimeout how long fetching one {@code ipfs} result may take
     */
    public record Options(String ipfsApi, Duration ipfsTimeout) {
        public Options {
            Objects.requireNonNull(ipfsTimeout, "ipfsTimeout");
        }
    }

    /**
     * One family's fetcher: made from the options, or none where the options turn it off.
     *
     * @param needs the option that turns it on, for the hint of a download that finds it off
     *     ({@code --ipfs-api}); empty for a family that is always on
     */
    record Family(String type, Function<Options, Optional<ResultFetcher>> open, String needs) {
        /** A family that is always on. */
        Family(String type, Function<Options, Optional<ResultFetcher>> open) {
            this(type, open, "");
        }
    }

    /** One line per family. */
    static final List<Family> FAMILIES =
            List.of(
                    new Family(S3Params.TYPE, S3ResultFetcher::open),
                    new Family(IpfsParams.TYPE, IpfsResultFetcher::open, "--ipfs-api"));

    private final Map<String, ResultFetcher> fetchers;

    /** The families the options turned off, by type key: the option each needs. */
    private final Map<String, String> off;

    private ResultFetchers(Map<String, ResultFetcher> fetchers, Map<String, String> off) {
        this.fetchers = fetchers;
        this.off = off;
    }

    /**
     * The fetchers of every family that {@code options} turns on; close them after the download.
     *
     * @throws IllegalStateException when two families claim one type
     */
    public static ResultFetchers open(Options options) {
        Map<String, ResultFetcher> opened = new LinkedHashMap<>();
        Map<String, String> off = new LinkedHashMap<>();
        try {
            for (Family family : FAMILIES) {
                String key = SpecConfig.typeKey(family.type());
                if (opened.containsKey(key)) {
                    throw new IllegalStateException(
                            "two result fetchers for the type " + family.type());
                }
                Optional<ResultFetcher> fetcher = family.open().apply(options);
                if (fetcher.isPresent()) {
                    opened.put(key, fetcher.get());
                } else {
                    off.put(key, family.needs());
                }
            }
        } catch (RuntimeException e) {
            new ResultFetchers(opened, off).close();
            throw e;
        }
        return new ResultFetchers(opened, off);
    }

    /**
     * {@code downloader} also fetching the results of these fetchers' types, and naming the types
     * of the families turned off with the option each needs.
     */
    public ResultsDownloader addTo(ResultsDownloader downloader) {
        ResultsDownloader with = downloader;
        for (Map.Entry<String, ResultFetcher> e : fetchers.entrySet()) {
            with = with.withFetcher(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : off.entrySet()) {
            with = with.withFetcherOff(e.getKey(), e.getValue());
        }
        return with;
    }

    /** Closes every fetcher, even when one fails to. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (ResultFetcher fetcher : fetchers.values()) {
            try {
                fetcher.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
