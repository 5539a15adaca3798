package io.caravel.activities.providers.url;

import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.net.DestinationRefusedException;
import io.caravel.activities.net.PinnedSockets;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpHead;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one URL into a file over Apache's HTTP client, connecting only to destinations the
 * node's {@link DestinationPolicy} allows (checked for every hop, at the connect itself; see {@link
 * PinnedSockets} for why not {@code java.net.http}): redirects followed by hand (at most {@link
 * Settings#maxRedirects}, http and https only, so the count is bounded and the file name rule knows
 * whether one happened), the body streamed to disk within {@link Settings#maxBytes}, and a read
 * timeout: the server must send the response headers, and then each next part of the body, within
 * {@link Settings#readTimeout}. Transient failures (connection refused or reset, a timeout, HTTP
 * 5xx, 408 and 429) are retried up to {@link Settings#maxRetries} times with doubling back-off; any
 * other status is final. A download stops, within {@link #CANCEL_CHECK_MILLIS}, once its {@code
 * cancelled} supplier turns true (the execution was stopped), whether it is waiting for the server,
 * receiving the body or backing off before a retry.
 */
final class HttpDownloader {
    private static final Logger log = LoggerFactory.getLogger(HttpDownloader.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How often a running request looks at its {@code cancelled} supplier (and at the read
     * timeout).
     */
    static final long CANCEL_CHECK_MILLIS = 250;

    /** Connections kept and opened at once, to all hosts together and to one host. */
    private static final int MAX_CONNECTIONS = 64;

    /** How long a stopped request's thread may take to let go of its file. */
    private static final long STOP_WAIT_SECONDS = 5;

    /**
     * @param readTimeout the longest wait for the headers or the next bytes of the body
     * @param maxBytes the largest file accepted
     * @param maxRetries retries after the first attempt, for transient failures only
     * @param initialBackoff the wait before the first retry; it doubles each time, up to 8 times
     * @param maxRedirects the most redirects followed for one attempt
     */
    record Settings(
            Duration readTimeout,
            long maxBytes,
            int maxRetries,
            Duration initialBackoff,
            int maxRedirects) {
        Settings {
            Objects.requireNonNull(readTimeout, "readTimeout");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            if (readTimeout.isZero()
                    || readTimeout.isNegative()
                    || maxBytes < 0
                    || maxRetries < 0
                    || maxRedirects < 0) {
                throw new IllegalArgumentException(
                        "invalid download settings: "
                                + readTimeout
                                + ", "
                                + maxBytes
                                + " bytes, "
                                + maxRetries
                                + " retries, "
                                + maxRedirects
                                + " redirects");
            }
        }
    }

    /**
     * A completed download: where it went, its size, and the strong ETag the server sent, if any.
     */
    record Downloaded(Path file, long sizeBytes, Optional<String> strongEtag) {}

    /** What a HEAD request learnt: the final URL and the strong ETag, if any. */
    record Head(URI finalUrl, Optional<String> strongEtag) {}

    private final CloseableHttpClient http;
    private final Settings settings;
    private final DestinationPolicy destinations;

    /**
     * Runs the blocking exchanges, so the caller can watch for cancellation and the read timeout.
     */
    private final ExecutorService exchanges =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "caravel-url-download");
                        t.setDaemon(true);
                        return t;
                    });

    /**
     * @param destinations what the downloads may connect to: every hop's host is resolved and each
     *     address checked before the request, and the address connected is checked again at the
     *     connect ({@link PinnedSockets}), so a DNS answer that changes in between leads nowhere
     *     unchecked
     */
    HttpDownloader(Settings settings, DestinationPolicy destinations) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.destinations = Objects.requireNonNull(destinations, "destinations");
        PoolingHttpClientConnectionManager connections =
                new PoolingHttpClientConnectionManager(PinnedSockets.registry(destinations));
        connections.setMaxTotal(MAX_CONNECTIONS);
        connections.setDefaultMaxPerRoute(MAX_CONNECTIONS);
        int readMillis = (int) Math.min(Integer.MAX_VALUE, settings.readTimeout().toMillis());
        // No proxy (system properties are not read: a proxy would make the address check moot), no
        // redirects (followed by hand, each hop checked), no retries, no decompression (the bytes
        // are the file), no cookies.
        this.http =
                HttpClients.custom()
                        .setConnectionManager(connections)
                        .setDefaultRequestConfig(
                                RequestConfig.custom()
                                        .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
                                        .setConnectionRequestTimeout(
                                                (int) CONNECT_TIMEOUT.toMillis())
                                        .setSocketTimeout(readMillis)
                                        .build())
                        .disableRedirectHandling()
                        .disableAutomaticRetries()
                        .disableContentCompression()
                        .disableCookieManagement()
                        .disableAuthCaching()
                        .setUserAgent("caravel")
                        .build();
    }

    Settings settings() {
        return settings;
    }

    /**
     * A HEAD request following redirects, without retries; empty when it fails in any way (a
     * refused destination included: the GET that follows reports it).
     */
    Optional<Head> head(URI url, BooleanSupplier cancelled) throws InterruptedException {
        try {
            Response r = exchange(url, "HEAD", null, cancelled);
            if (r.status() / 100 != 2) {
                return Optional.empty();
            }
            return Optional.of(
                    new Head(r.finalUrl(), r.header("ETag").flatMap(HttpDownloader::strongEtag)));
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
     *     limit or too many redirects; {@code REMOTE_UNAVAILABLE} when the retries are used up;
     *     {@link DestinationRefusedException} ({@code DESTINATION_REFUSED}, not retried) when the
     *     URL or a redirect leads where the policy refuses
     * @throws InterruptedException when interrupted or {@code cancelled} turns true
     */
    Downloaded download(URI url, Path dir, BooleanSupplier cancelled)
            throws InterruptedException, IOException {
        long backoff = settings.initialBackoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            try {
                return attempt(url, dir, cancelled);
            } catch (Transient e) {
                if (attempt >= settings.maxRetries()) {
                    throw new CaravelException(
                            ErrorCode.REMOTE_UNAVAILABLE,
                            "cannot download "
                                    + url
                                    + " after "
                                    + (attempt + 1)
                                    + " attempts: "
                                    + e.getMessage(),
                            "check that the server is up; the"
                                    + " worker's urlMaxRetries and urlReadTimeout bound the attempts",
                            List.of(),
                            e);
                }
                log.info(
                        "download of {} failed ({}); retry {} of {} in {} ms",
                        url,
                        e.getMessage(),
                        attempt + 1,
                        settings.maxRetries(),
                        backoff);
                sleep(backoff, url, cancelled);
                backoff = Math.min(backoff * 2, settings.initialBackoff().toMillis() << 8);
            }
        }
    }

    /** Waits {@code millis} unless the execution is cancelled meanwhile. */
    private static void sleep(long millis, URI url, BooleanSupplier cancelled)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis;
                left > 0;
                left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
            checkCancelled(url, cancelled);
            Thread.sleep(Math.min(left, CANCEL_CHECK_MILLIS));
        }
        checkCancelled(url, cancelled);
    }

    private static void checkCancelled(URI url, BooleanSupplier cancelled)
            throws InterruptedException {
        if (cancelled.getAsBoolean()) {
            throw new InterruptedException(
                    "the download of " + url + " was stopped: the execution was cancelled");
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
            } catch (TooLargeException e) {
                throw tooLarge(url);
            } catch (IOException e) {
                throw new Transient(describe(e));
            }
            if (r.status() / 100 != 2) {
                String text = "non-200 response from URL (" + url + "): " + r.status();
                if (r.status() >= 500 || r.status() == 408 || r.status() == 429) {
                    throw new Transient(text);
                }
                throw new CaravelException(
                        ErrorCode.REMOTE_REFUSED,
                        text,
                        r.status() == 404
                                ? "check the URL; the server has no file there"
                                : "check the URL and that it is public");
            }
            if (!Files.exists(partial)) {
                Files.createFile(partial);
            }
            String name =
                    DownloadFileName.of(
                            r.finalUrl(), r.redirected(), r.header("Content-Disposition"));
            Path file = dir.resolve(name);
            Files.move(partial, file);
            return new Downloaded(
                    file, Files.size(file), r.header("ETag").flatMap(HttpDownloader::strongEtag));
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * One response after following redirects; the body (GET with a file) went to {@code bodyFile}.
     */
    private record Response(
            int status, Map<String, String> headers, URI finalUrl, boolean redirected) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private Response exchange(URI start, String method, Path bodyFile, BooleanSupplier cancelled)
            throws IOException, InterruptedException {
        URI url = start;
        for (int redirects = 0; ; redirects++) {
            Response r;
            try {
                destinations.resolve(
                        url.getHost() == null ? "" : url.getHost(), DestinationPolicy.portOf(url));
                r = send(url, method, bodyFile, cancelled, redirects > 0);
            } catch (DestinationPolicy.RefusedException e) {
                throw new DestinationRefusedException(
                        "urlDownload " + start,
                        (redirects > 0 ? "redirected to " + url + ": " : "") + e.reason(),
                        e);
            }
            int status = r.status();
            Optional<String> location = r.header("Location");
            if (status / 100 != 3 || status == 304 || location.isEmpty()) {
                return r;
            }
            if (redirects >= settings.maxRedirects()) {
                throw new CaravelException(
                        ErrorCode.REMOTE_REFUSED,
                        "cannot download "
                                + start
                                + ": more than "
                                + settings.maxRedirects()
                                + " redirects",
                        "give the URL the redirects end at");
            }
            URI next = url.resolve(location.get().strip());
            String scheme =
                    next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new CaravelException(
                        ErrorCode.REMOTE_REFUSED,
                        "cannot download "
                                + start
                                + ": redirected to "
                                + next
                                + ", which is not http or https",
                        "give an http or https URL");
            }
            url = next;
        }
    }

    /**
     * One request, run on {@link #exchanges} while this thread watches for cancellation and the
     * read timeout and aborts it (closing its connection) on either; only a successful GET's body
     * is written, any other body is discarded.
     */
    private Response send(
            URI url, String method, Path bodyFile, BooleanSupplier cancelled, boolean redirected)
            throws IOException, InterruptedException {
        HttpRequestBase request = method.equals("HEAD") ? new HttpHead(url) : new HttpGet(url);
        AtomicLong progress = new AtomicLong(System.nanoTime());
        Future<Response> pending =
                exchanges.submit(() -> execute(request, url, bodyFile, progress, redirected));
        long timeoutNanos = settings.readTimeout().toNanos();
        long poll =
                Math.max(10, Math.min(CANCEL_CHECK_MILLIS, settings.readTimeout().toMillis() / 10));
        while (true) {
            try {
                return pending.get(poll, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancelled.getAsBoolean()) {
                    throw stop(
                            request,
                            pending,
                            new InterruptedException(
                                    "the download of "
                                            + url
                                            + " was stopped: the execution was cancelled"));
                }
                if (System.nanoTime() - progress.get() > timeoutNanos) {
                    throw stop(request, pending, readTimeout(url));
                }
            } catch (InterruptedException e) {
                throw stop(request, pending, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                Optional<DestinationPolicy.RefusedException> refused =
                        DestinationPolicy.refusalIn(cause);
                if (refused.isPresent()) {
                    throw refused.get();
                }
                if (cause instanceof SocketTimeoutException
                        && !(cause instanceof ConnectTimeoutException)) {
                    throw readTimeout(url);
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

    private Response execute(
            HttpRequestBase request,
            URI url,
            Path bodyFile,
            AtomicLong progress,
            boolean redirected)
            throws IOException {
        try (CloseableHttpResponse r = http.execute(request)) {
            progress.set(System.nanoTime());
            int status = r.getStatusLine().getStatusCode();
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.getAllHeaders()) {
                headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
            }
            if (bodyFile != null && status / 100 == 2) {
                writeBody(r.getEntity(), bodyFile, progress);
            }
            // Closing without reading the rest of another body drops the connection instead of
            // draining it.
            return new Response(status, headers, url, redirected);
        }
    }

    /** Writes the body into a new file as it arrives, failing once it is longer than the limit. */
    private void writeBody(HttpEntity entity, Path file, AtomicLong progress) throws IOException {
        long declared = entity == null ? -1 : entity.getContentLength();
        if (declared > settings.maxBytes()) {
            throw new TooLargeException(settings.maxBytes());
        }
        try (FileChannel out =
                FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    byte[] buffer = new byte[64 * 1024];
                    long written = 0;
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        progress.set(System.nanoTime());
                        written += n;
                        if (written > settings.maxBytes()) {
                            throw new TooLargeException(settings.maxBytes());
                        }
                        ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                        while (b.hasRemaining()) {
                            out.write(b);
                        }
                    }
                }
            }
            out.force(false);
        }
    }

    private SocketTimeoutException readTimeout(URI url) {
        return new SocketTimeoutException(
                "no data from "
                        + url.getHost()
                        + " for "
                        + settings.readTimeout().toMillis()
                        + " ms (the read timeout)");
    }

    /**
     * Aborts a request in flight (its connection is closed, so a blocked read returns) and waits
     * briefly for its thread to let go of the body file; answers {@code why} to be thrown.
     */
    private static <T extends Exception> T stop(HttpRequestBase request, Future<?> pending, T why) {
        request.abort();
        pending.cancel(true);
        try {
            pending.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException
                | TimeoutException
                | java.util.concurrent.CancellationException e) {
            // ended as an aborted request does
        }
        return why;
    }

    /** Raised when the body is longer than the limit. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long maxBytes) {
            super("the body is larger than the limit of " + maxBytes + " bytes");
        }
    }

    private CaravelException tooLarge(URI url) {
        return new CaravelException(
                ErrorCode.REMOTE_REFUSED,
                "cannot download "
                        + url
                        + ": it is larger than this "
                        + "node's limit of "
                        + settings.maxBytes()
                        + " bytes",
                "raise the worker's inputMaxBytes, or use a " + "smaller file");
    }

    /** The ETag when it is strong (not {@code W/}): only then do equal tags mean equal bytes. */
    static Optional<String> strongEtag(String etag) {
        return Optional.of(etag.strip())
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
