package io.caravel.cli.results;

import io.caravel.activities.files.FileTrees;
import io.caravel.activities.results.SafeExtractor;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.url.UrlParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads the published results of a job's completed executions into one directory, as {@code
 * bacalhau job get} does: each result is saved under {@code <out>/raw/} (named after its URL's host
 * and path), archives ({@code .tar.gz}, {@code .tgz}) are unpacked there by the {@link
 * SafeExtractor} (an entry with an unsafe name is left out and reported through {@link
 * #withWarnings}, the others are unpacked), and everything is merged into {@code <out>/}: {@code
 * stdout}, {@code stderr} and {@code exitCode} of several executions are appended one after the
 * other, any other file that is already there aborts the merge. {@code raw/} is removed afterwards
 * unless kept. Results with no type (the {@code noop} publisher) are skipped; {@code urlDownload}
 * results (what the {@code local} publisher publishes) are downloaded here, over this downloader's
 * HTTP client, other types by the {@link ResultFetcher} given for them ({@link #withFetcher}; the
 * CLI's are listed in {@link io.caravel.cli.providers.ResultFetchers}).
 */
public final class ResultsDownloader {
    private static final Logger log = LoggerFactory.getLogger(ResultsDownloader.class);

    public static final String RAW_DIR = "raw";
    private static final Set<String> APPENDED = Set.of("stdout", "stderr", "exitCode");
    private static final Set<String> SUPPORTED = Set.of(SpecConfig.typeKey(UrlParams.TYPE));

    private final HttpClient http;
    private final SafeExtractor extractor;
    private final Optional<String> bearerToken;
    private final Duration timeout;
    private final long maxDownloadBytes;

    /** Fetchers of the result types not downloaded by URL, and those turned off here. */
    private final Fetchers fetchers;

    /**
     * Told what was left out of a result (an archive entry with an unsafe name); logged when not
     * set.
     */
    private final Consumer<String> warnings;

    /**
     * @param bearerToken sent as {@code Authorization: Bearer <token>} when present
     * @param timeout how long each download may take
     * @param maxDownloadBytes the most bytes one download may have
     */
    public ResultsDownloader(
            HttpClient http,
            SafeExtractor extractor,
            Optional<String> bearerToken,
            Duration timeout,
            long maxDownloadBytes) {
        this(
                http,
                extractor,
                bearerToken,
                timeout,
                maxDownloadBytes,
                new Fetchers(Map.of(), Map.of()),
                w -> log.warn("{}", w));
    }

    private ResultsDownloader(
            HttpClient http,
            SafeExtractor extractor,
            Optional<String> bearerToken,
            Duration timeout,
            long maxDownloadBytes,
            Fetchers fetchers,
            Consumer<String> warnings) {
        this.fetchers = Objects.requireNonNull(fetchers, "fetchers");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        this.http = Objects.requireNonNull(http, "http");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.bearerToken = bearerToken.filter(t -> !t.isBlank());
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxDownloadBytes = maxDownloadBytes;
    }

    /**
     * A downloader with a fresh HTTP client, default limits, no token and a 5 minute timeout per
     * download.
     */
    public static ResultsDownloader standard() {
        // No redirects: a bearer token must not follow a redirect to another host.
        return new ResultsDownloader(
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                new SafeExtractor(),
                Optional.empty(),
                Duration.ofMinutes(5),
                SafeExtractor.Limits.DEFAULT.maxTotalBytes());
    }

    /**
     * The same downloader sending with {@code client} (for its TLS trust); it should not follow
     * redirects.
     */
    public ResultsDownloader withHttpClient(HttpClient client) {
        return new ResultsDownloader(
                client, extractor, bearerToken, timeout, maxDownloadBytes, fetchers, warnings);
    }

    /** The same downloader sending {@code token} as a bearer token. */
    public ResultsDownloader withBearerToken(String token) {
        return new ResultsDownloader(
                http,
                extractor,
                Optional.ofNullable(token),
                timeout,
                maxDownloadBytes,
                fetchers,
                warnings);
    }

    /**
     * The same downloader also fetching results of type {@code type} (e.g. {@code ipfs}, matched
     * trimmed and in any case) with {@code fetcher}.
     */
    public ResultsDownloader withFetcher(String type, ResultFetcher fetcher) {
        Objects.requireNonNull(fetcher, "fetcher");
        Map<String, ResultFetcher> more = new java.util.HashMap<>(fetchers.on());
        more.put(SpecConfig.typeKey(type), fetcher);
        return withFetchers(new Fetchers(more, fetchers.off()));
    }

    /**
     * The same downloader naming {@code type}, whose fetcher is turned off here, among the types
     * that could be downloaded, with {@code needs}, the option that turns it on ({@code
     * --ipfs-api}).
     */
    public ResultsDownloader withFetcherOff(String type, String needs) {
        Map<String, String> more = new java.util.HashMap<>(fetchers.off());
        more.put(SpecConfig.typeKey(type), Objects.requireNonNull(needs, "needs"));
        return withFetchers(new Fetchers(fetchers.on(), more));
    }

    private ResultsDownloader withFetchers(Fetchers with) {
        return new ResultsDownloader(
                http, extractor, bearerToken, timeout, maxDownloadBytes, with, warnings);
    }

    /**
     * The same downloader telling {@code sink}, one line each, what it left out of a result and
     * why.
     */
    public ResultsDownloader withWarnings(Consumer<String> sink) {
        return new ResultsDownloader(
                http, extractor, bearerToken, timeout, maxDownloadBytes, fetchers, sink);
    }

    /**
     * Downloads and merges {@code results} into {@code outputDir} (created if missing).
     *
     * @return how many results were downloaded (those with no type are not counted)
     * @throws CaravelException {@code UNSUPPORTED_TYPE} naming a result type that cannot be
     *     downloaded (checked before anything is fetched); {@code DOWNLOAD_FAILED} naming the URL
     *     and the HTTP status or error; {@code UNSAFE_ARCHIVE} from the extractor; {@code
     *     OUTPUT_EXISTS} naming a file that would be overwritten
     */
    public int download(List<SpecConfig> results, Path outputDir, boolean keepRaw)
            throws IOException, InterruptedException {
        List<SpecConfig> fetched = new ArrayList<>();
        List<URI> urls = new ArrayList<>();
        for (SpecConfig result : results) {
            if (result == null || result.type().isBlank()) {
                continue;
            }
            if (fetchers.on().containsKey(result.typeKey())) {
                fetched.add(result);
                continue;
            }
            if (!SUPPORTED.contains(result.typeKey())) {
                throw new CaravelException(
                        ErrorCode.UNSUPPORTED_TYPE,
                        "cannot download results of type "
                                + result.type().strip()
                                + ": "
                                + result.params(),
                        "results of these types can be downloaded here: "
                                + supportedTypes()
                                + "; fetch others with their own tools");
            }
            urls.add(url(result));
        }
        Path out = outputDir.toAbsolutePath().normalize();
        Files.createDirectories(out);
        Path raw = out.resolve(RAW_DIR);
        Files.createDirectories(raw);
        Set<String> names = new HashSet<>();
        for (SpecConfig result : fetched) {
            Path dir = raw.resolve(unique(result.typeKey(), names));
            Files.createDirectories(dir);
            Path got = fetchers.on().get(result.typeKey()).fetch(result, dir);
            if (Files.isDirectory(got, LinkOption.NOFOLLOW_LINKS)) {
                merge(got, out, true);
            } else if (!isArchive(got.getFileName().toString())) {
                mergeFile(
                        got,
                        out.resolve(got.getFileName().toString()),
                        got.getFileName().toString());
            } else {
                Path unpacked =
                        dir.resolve(stripArchiveSuffix(got.getFileName().toString()) + "-unpacked");
                warn(
                        result.type().strip() + " result " + result.params(),
                        extractor.extract(got, unpacked));
                merge(unpacked, out, true);
            }
            log.info("downloaded {} results {}", result.type().strip(), result.params());
        }
        for (URI url : urls) {
            String name = unique(flatten(url), names);
            Path file = raw.resolve(name);
            fetch(url, file);
            if (isArchive(name)) {
                Path unpacked = raw.resolve(stripArchiveSuffix(name));
                warn(url.toString(), extractor.extract(file, unpacked));
                merge(unpacked, out, true);
            } else {
                mergeFile(file, out.resolve(name), name);
            }
            log.info("downloaded results from {}", url);
        }
        if (!keepRaw) {
            FileTrees.delete(raw);
        }
        return urls.size() + fetched.size();
    }

    private void warn(String result, List<String> skipped) {
        for (String why : skipped) {
            warnings.accept(
                    "left out of " + result + ": " + why + "; the other entries were unpacked");
        }
    }

    private String supportedTypes() {
        java.util.TreeSet<String> types = new java.util.TreeSet<>(fetchers.on().keySet());
        types.add(UrlParams.TYPE);
        fetchers.off()
                .forEach(
                        (type, needs) ->
                                types.add(
                                        needs.isEmpty() ? type : type + " (needs " + needs + ")"));
        return String.join(", ", types);
    }

    private static URI url(SpecConfig result) {
        Object value = null;
        for (Map.Entry<String, Object> e : result.params().entrySet()) {
            if (e.getKey().equalsIgnoreCase(UrlParams.URL)) {
                value = e.getValue();
            }
        }
        String text = value == null ? "" : value.toString().strip();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below, with what is accepted
        }
        throw new CaravelException(
                ErrorCode.DOWNLOAD_FAILED,
                "the urlDownload result has no usable URL: \"" + text + "\"",
                "a urlDownload result needs Params.URL, an http:// or https:// URL");
    }

    private void fetch(URI url, Path file) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET();
        bearerToken.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new CaravelException(
                    ErrorCode.DOWNLOAD_FAILED,
                    "cannot download " + url + ": " + e,
                    "check the worker that ran the execution is up and its results server is reachable",
                    List.of(),
                    e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new CaravelException(
                        ErrorCode.DOWNLOAD_FAILED,
                        "cannot download " + url + ": HTTP " + response.statusCode(),
                        response.statusCode() == 401
                                ? "the results server wants a bearer token; give the worker's resultsToken"
                                : "the archive may be gone from the worker that ran the execution");
            }
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream target = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                int n;
                while ((n = body.read(buffer)) > 0) {
                    total += n;
                    if (total > maxDownloadBytes) {
                        throw new CaravelException(
                                ErrorCode.DOWNLOAD_FAILED,
                                "cannot download "
                                        + url
                                        + ": it is larger than the limit of "
                                        + maxDownloadBytes
                                        + " bytes",
                                "");
                    }
                    target.write(buffer, 0, n);
                }
            }
        }
    }

    /**
     * Moves the tree {@code from} into {@code to}; at the top, the layout's stream files are
     * appended and a {@code raw} entry clashes with the download directory itself.
     */
    static void merge(Path from, Path to, boolean top) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(from)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            Path target = to.resolve(name);
            if (top && name.equals(RAW_DIR)) {
                throw outputExists(target);
            }
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw outputExists(target);
                }
                Files.createDirectories(target);
                merge(child, target, false);
            } else if (top && APPENDED.contains(name)) {
                try (OutputStream out =
                        Files.newOutputStream(
                                target,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND,
                                StandardOpenOption.WRITE,
                                LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(child, out);
                }
            } else {
                mergeFile(child, target, name);
            }
        }
    }

    private static void mergeFile(Path file, Path target, String name) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw outputExists(target);
        }
        Files.move(file, target);
    }

    private static CaravelException outputExists(Path target) {
        return new CaravelException(
                ErrorCode.OUTPUT_EXISTS,
                "cannot merge results as output already exists: " + target,
                "download into an empty directory (--output-dir), or keep the raw results (--raw)");
    }

    /**
     * The URL's host, port and path as one file name, every other character replaced by {@code _}.
     */
    static String flatten(URI url) {
        return flatten(
                url.getHost()
                        + (url.getPort() >= 0 ? "_" + url.getPort() : "")
                        + (url.getRawPath() == null ? "" : url.getRawPath()));
    }

    private static String flatten(String text) {
        String flat = text.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._]+", "");
        return flat.isEmpty() ? "result" : flat;
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 1; !taken.add(candidate); i++) {
            candidate = i + "_" + name;
        }
        return candidate;
    }

    private static boolean isArchive(String name) {
        return name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    private static String stripArchiveSuffix(String name) {
        return name.substring(0, name.length() - (name.endsWith(".tgz") ? 4 : 7));
    }

    /**
     * The fetchers of the result types not downloaded by URL, by lower-cased type, and the types
     * whose fetcher is turned off here, with the option that turns it on (named in the hint of a
     * download that cannot fetch).
     */
    private record Fetchers(Map<String, ResultFetcher> on, Map<String, String> off) {
        Fetchers {
            on = Map.copyOf(on);
            off = Map.copyOf(off);
        }
    }
}
