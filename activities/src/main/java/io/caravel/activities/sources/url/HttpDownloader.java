package io.caravel.activities.sources.url;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one URL into a file over {@code java.net.http}: redirects followed by hand (at most
 * {@link Settings#maxRedirects}, http and https only, so the count is bounded and the file name rule
 * knows whether one happened), the body streamed to disk within {@link Settings#maxBytes}, and a
 * read timeout: the server must send the response headers, and then each next part of the body,
 * within {@link Settings#readTimeout}. Transient failures (connection refused or reset, a timeout,
 * HTTP 5xx, 408 and 429) are retried up to {@link Settings#maxRetries} times with doubling back-off;
 * any other status is final. A download stops, within {@link #CANCEL_CHECK_MILLIS}, once its
 * {@code cancelled} supplier turns true (the execution was stopped), whether it is waiting for the
 * server, receiving the body or backing off before a retry.
 */
final class HttpDownloader {
    private static final Logger log = LoggerFactory.getLogger(HttpDownloader.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How often a running request looks at its {@code cancelled} supplier (and at the read timeout). */
    static final long CANCEL_CHECK_MILLIS = 250;

    /**
     * @param readTimeout    the longest wait for the headers or the next bytes of the body
     * @param maxBytes       the largest file accepted
     * @param maxRetries     retries after the first attempt, for transient failures only
     * @param initialBackoff the wait before the first retry; it doubles each time, up to 8 times
     * @param maxRedirects   the most redirects followed for one attempt
     */
    record Settings(Duration readTimeout, long maxBytes, int maxRetries, Duration initialBackoff, int maxRedirects) {
        Settings {
            Objects.requireNonNull(readTimeout, "readTimeout");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            if (readTimeout.isZero() || readTimeout.isNegative() || maxBytes < 0 || maxRetries < 0
                    || maxRedirects < 0) {
                throw new IllegalArgumentException("invalid download settings: " + readTimeout + ", " + maxBytes
                        + " bytes, " + maxRetries + " retries, " + maxRedirects + " redirects");
            }
        }
    }

    /** A completed download: where it went, its size, and the strong ETag the server sent, if any. */
    record Downloaded(Path file, long sizeBytes, Optional<String> strongEtag) {
    }

    /** What a HEAD request learnt: the final URL and the strong ETag, if any. */
    record Head(URI finalUrl, Optional<String> strongEtag) {
    }

    private final HttpClient http;
    private final Settings settings;

    HttpDownloader(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Settings settings() {
        return settings;
    }

    /** A HEAD request following redirects, without retries; empty when it fails in any way. */
    Optional<Head> head(URI url, BooleanSupplier cancelled) throws InterruptedException {
        try {
            Response r = exchange(url, "HEAD", null, cancelled);
            if (r.status() / 100 != 2) {
                return Optional.empty();
            }
            return Optional.of(new Head(r.finalUrl(), strongEtag(r.headers())));
        } catch (IOException | CaravelException e) {
            log.debug("HEAD {} failed: {}", url, e.toString());
            return Optional.empty();
        }
    }

    /**
     * GETs {@code url} into a new file in {@code dir} named by {@link DownloadFileName}, retrying
     * transient failures.
     *
     * @throws CaravelException {@code REMOTE_REFUSED} for a final status (4xx), a body over the
     *     limit or too many redirects; {@code REMOTE_UNAVAILABLE} when the retries are used up
     * @throws InterruptedException when interrupted or {@code cancelled} turns true
     */
    Downloaded download(URI url, Path dir, BooleanSupplier cancelled) throws InterruptedException, IOException {
        long backoff = settings.initialBackoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            try {
                return attempt(url, dir, cancelled);
            } catch (Transient e) {
                if (attempt >= settings.maxRetries()) {
                    throw new CaravelException(ErrorCode.REMOTE_UNAVAILABLE, "cannot download " + url + " after "
                            + (attempt + 1) + " attempts: " + e.getMessage(), "check that the server is up; the"
                            + " worker's urlMaxRetries and urlReadTimeout bound the attempts", List.of(), e);
                }
                log.info("download of {} failed ({}); retry {} of {} in {} ms", url, e.getMessage(), attempt + 1,
                        settings.maxRetries(), backoff);
                sleep(backoff, url, cancelled);
                backoff = Math.min(backoff * 2, settings.initialBackoff().toMillis() << 8);
            }
        }
    }

    /** Waits {@code millis} unless the execution is cancelled meanwhile. */
    private static void sleep(long millis, URI url, BooleanSupplier cancelled) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
            checkCancelled(url, cancelled);
            Thread.sleep(Math.min(left, CANCEL_CHECK_MILLIS));
        }
        checkCancelled(url, cancelled);
    }

    private static void checkCancelled(URI url, BooleanSupplier cancelled) throws InterruptedException {
        if (cancelled.getAsBoolean()) {
            throw new InterruptedException("the download of " + url + " was stopped: the execution was cancelled");
        }
    }

    private Downloaded attempt(URI url, Path dir, BooleanSupplier cancelled)
            throws InterruptedException, IOException, Transient {
        Path partial = Files.createTempFile(dir, ".download-", ".part");
        Files.delete(partial);
        try {
            Response r;
            try {
                r = exchange(url, "GET", partial, cancelled);
            } catch (BoundedFileSubscriber.TooLargeException e) {
                throw tooLarge(url);
            } catch (IOException e) {
                throw new Transient(describe(e));
            }
            if (r.status() / 100 != 2) {
                String text = "non-200 response from URL (" + url + "): " + r.status();
                if (r.status() >= 500 || r.status() == 408 || r.status() == 429) {
                    throw new Transient(text);
                }
                throw new CaravelException(ErrorCode.REMOTE_REFUSED, text, r.status() == 404
                        ? "check the URL; the server has no file there" : "check the URL and that it is public");
            }
            if (!Files.exists(partial)) {
                Files.createFile(partial);
            }
            String name = DownloadFileName.of(r.finalUrl(), r.redirected(),
                    r.headers().firstValue("Content-Disposition"));
            Path file = dir.resolve(name);
            Files.move(partial, file);
            return new Downloaded(file, Files.size(file), strongEtag(r.headers()));
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** One response after following redirects; the body (GET with a file) went to {@code bodyFile}. */
    private record Response(int status, HttpHeaders headers, URI finalUrl, boolean redirected) {
    }

    private Response exchange(URI start, String method, Path bodyFile, BooleanSupplier cancelled)
            throws IOException, InterruptedException {
        URI url = start;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<Long> r = send(url, method, bodyFile, cancelled);
            int status = r.statusCode();
            Optional<String> location = r.headers().firstValue("Location");
            if (status / 100 != 3 || status == 304 || location.isEmpty()) {
                return new Response(status, r.headers(), url, redirects > 0);
            }
            if (redirects >= settings.maxRedirects()) {
                throw new CaravelException(ErrorCode.REMOTE_REFUSED, "cannot download " + start + ": more than "
                        + settings.maxRedirects() + " redirects", "give the URL the redirects end at");
            }
            URI next = url.resolve(location.get().strip());
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new CaravelException(ErrorCode.REMOTE_REFUSED, "cannot download " + start + ": redirected to "
                        + next + ", which is not http or https", "give an http or https URL");
            }
            url = next;
        }
    }

    /** One request; only a successful GET's body is written, any other body is discarded. */
    private HttpResponse<Long> send(URI url, String method, Path bodyFile, BooleanSupplier cancelled)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).method(method, HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", "caravel").build();
        AtomicLong progress = new AtomicLong(System.nanoTime());
        AtomicReference<BoundedFileSubscriber> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<Long>> pending = http.sendAsync(request, info -> {
            progress.set(System.nanoTime());
            if (bodyFile == null || info.statusCode() / 100 != 2) {
                return HttpResponse.BodySubscribers.replacing(0L);
            }
            BoundedFileSubscriber s = new BoundedFileSubscriber(bodyFile, settings.maxBytes(),
                    info.headers().firstValueAsLong("Content-Length").orElse(-1), progress);
            body.set(s);
            return s;
        });
        long timeoutNanos = settings.readTimeout().toNanos();
        long poll = Math.max(10, Math.min(CANCEL_CHECK_MILLIS, settings.readTimeout().toMillis() / 10));
        while (true) {
            try {
                return pending.get(poll, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancelled.getAsBoolean()) {
                    throw stop(pending, body.get(), new InterruptedException("the download of " + url
                            + " was stopped: the execution was cancelled"));
                }
                if (System.nanoTime() - progress.get() > timeoutNanos) {
                    throw stop(pending, body.get(), new java.net.http.HttpTimeoutException("no data from "
                            + url.getHost() + " for " + settings.readTimeout().toMillis() + " ms (the read timeout)"));
                }
            } catch (InterruptedException e) {
                pending.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof BoundedFileSubscriber.TooLargeException tooLarge) {
                    throw tooLarge;
                }
                if (cause instanceof CaravelException c) {
                    throw c;
                }
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException(cause.toString(), cause);
            }
        }
    }

    /** Ends a request in flight (and its body, if it has begun); answers {@code why} to be thrown. */
    private static <T extends Exception> T stop(CompletableFuture<?> pending, BoundedFileSubscriber body, T why) {
        if (body != null) {
            body.abort(why);
        }
        pending.cancel(true);
        return why;
    }

    private CaravelException tooLarge(URI url) {
        return new CaravelException(ErrorCode.REMOTE_REFUSED, "cannot download " + url + ": it is larger than this "
                + "node's limit of " + settings.maxBytes() + " bytes", "raise the worker's inputMaxBytes, or use a "
                + "smaller file");
    }

    /** The ETag when it is strong (not {@code W/}): only then do equal tags mean equal bytes. */
    static Optional<String> strongEtag(HttpHeaders headers) {
        return headers.firstValue("ETag").map(String::strip)
                .filter(tag -> tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\""));
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** A failure worth another attempt; its message says what happened. */
    private static final class Transient extends Exception {
        private static final long serialVersionUID = 1L;

        Transient(String message) {
            super(message);
        }
    }
}
