package io.caravel.activities.providers.url;

import io.caravel.activities.cache.InputCache;
import io.caravel.activities.files.FileTrees;
import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.url.UrlDownloadSourceSpec;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code urlDownload} input source: one file fetched over HTTP(S) ({@link HttpDownloader}:
 * bounded redirects, retries of transient failures, read timeout, size limit), named by Bacalhau's
 * rule ({@link DownloadFileName}) and staged read-only at {@code <Target>/<name>}.
 *
 * <p>A URL is mutable, so it is cached only when the server vouches for its content: a HEAD request
 * first, and when it gives a strong {@code ETag}, the node's {@link InputCache} is keyed by the URL
 * and that tag; the GET must carry the same tag, else the download is retried. A later job whose
 * HEAD gives the same tag is staged from the cache without a GET. Without a strong tag (or when
 * HEAD fails) the file is downloaded for each job, as Bacalhau does.
 */
public final class UrlDownloadSource implements InputSourceProvider {
    /** The directory under the scratch directory that receives the file. */
    static final String STAGED_DIR = "url";

    /** Redirects followed for one download, as Go's HTTP client (Bacalhau's) follows. */
    public static final int MAX_REDIRECTS = 10;

    /** The wait before the first retry; it doubles for each next one. */
    public static final Duration INITIAL_BACKOFF = Duration.ofMillis(250);

    private final HttpDownloader downloader;
    private final InputCache cache;

    /**
     * @param readTimeout the longest wait for the response headers or the next bytes of the body
     * @param maxBytes the largest file accepted
     * @param maxRetries retries of a transient failure (5xx, 408, 429, refused connection, timeout)
     */
    public UrlDownloadSource(
            InputCache cache, Duration readTimeout, long maxBytes, int maxRetries) {
        this(cache, readTimeout, maxBytes, maxRetries, DestinationPolicy.PUBLIC_ONLY);
    }

    /** As above, fetching from the non-public destinations {@code destinations} allow-lists too. */
    public UrlDownloadSource(
            InputCache cache,
            Duration readTimeout,
            long maxBytes,
            int maxRetries,
            DestinationPolicy destinations) {
        this(
                cache,
                new HttpDownloader.Settings(
                        readTimeout, maxBytes, maxRetries, INITIAL_BACKOFF, MAX_REDIRECTS),
                destinations);
    }

    UrlDownloadSource(
            InputCache cache, HttpDownloader.Settings settings, DestinationPolicy destinations) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.downloader = new HttpDownloader(settings, destinations);
    }

    @Override
    public String type() {
        return SpecTypes.SOURCE_URL_DOWNLOAD;
    }

    /**
     * @throws CaravelException {@code SPEC_INVALID} for an invalid URL; {@code REMOTE_REFUSED} (not
     *     retryable) for a 4xx answer, a file over the limit or too many redirects; {@code
     *     REMOTE_UNAVAILABLE} (retryable) when every attempt met a transient failure
     */
    @Override
    public StagedInput stage(InputSource source, Path scratchDir, ExecutionContext execution)
            throws InterruptedException {
        URI url = URI.create(UrlDownloadSourceSpec.decode(source.source()).url());
        Path destination = scratchDir.toAbsolutePath().normalize().resolve(STAGED_DIR);
        try {
            // A staging retried on this node starts from nothing.
            FileTrees.delete(destination);
            Optional<String> etag =
                    cache.enabled()
                            ? downloader
                                    .head(url, execution.cancelled())
                                    .flatMap(HttpDownloader.Head::strongEtag)
                            : Optional.empty();
            long size;
            if (etag.isPresent()) {
                InputCache.Staged staged =
                        cache.stage(
                                "url:" + url + " " + etag.get(),
                                dir -> download(url, dir, etag, execution),
                                destination);
                size = staged.sizeBytes();
                if (staged.hit()) {
                    execution
                            .progress()
                            .report("urlDownload: " + url + " staged from the node's input cache");
                }
            } else {
                Files.createDirectories(destination);
                size = download(url, destination, Optional.empty(), execution).sizeBytes();
            }
            Path file = single(destination);
            return new StagedInput(
                    file.toString(),
                    target(source.target(), file.getFileName().toString()),
                    true,
                    size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + url + " into " + destination, e);
        }
    }

    private HttpDownloader.Downloaded download(
            URI url, Path dir, Optional<String> expectedEtag, ExecutionContext execution)
            throws IOException, InterruptedException {
        HttpDownloader.Downloaded d = downloader.download(url, dir, execution.cancelled());
        if (expectedEtag.isPresent() && !expectedEtag.equals(d.strongEtag())) {
            throw new CaravelException(
                    ErrorCode.REMOTE_UNAVAILABLE,
                    url
                            + " changed while it was fetched (ETag "
                            + expectedEtag.get()
                            + " at HEAD, "
                            + d.strongEtag().orElse("none")
                            + " at GET)",
                    "the staging is retried and fetches the new content",
                    List.of(),
                    null);
        }
        return d;
    }

    /** {@code <Target>/<name>}, as Bacalhau mounts a downloaded file. */
    static String target(String target, String name) {
        String dir = target == null || target.isBlank() ? "/" : target.strip();
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private static Path single(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> files = list.toList();
            if (files.size() != 1) {
                throw new IOException(
                        "expected one downloaded file in " + dir + ", found " + files.size());
            }
            return files.get(0);
        }
    }
}
