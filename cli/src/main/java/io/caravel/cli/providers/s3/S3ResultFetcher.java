package io.caravel.cli.providers.s3;

import io.caravel.activities.providers.s3.S3Clients;
import io.caravel.activities.providers.s3.S3Downloader;
import io.caravel.activities.providers.s3.S3EndpointPolicy;
import io.caravel.activities.providers.s3.S3ObjectRef;
import io.caravel.activities.providers.s3.S3ObjectSelector;
import io.caravel.activities.providers.s3.S3Settings;
import io.caravel.activities.spi.ExecutionContext.ProgressSink;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.s3.S3LocalLayout;
import io.caravel.api.providers.s3.S3SourceSpec;
import io.caravel.cli.providers.ResultFetchers;
import io.caravel.cli.results.ResultFetcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Downloads an {@code s3} published result for {@code job get}, straight from S3 with this
 * process's own credentials ({@link S3Settings}): an archive key ({@code .tar.gz}, {@code .tgz}) as
 * one file, a {@code plain} key prefix as the tree of files under it.
 */
public final class S3ResultFetcher implements ResultFetcher {
    private static final ProgressSink QUIET = message -> {};

    private final S3Clients clients;
    private final S3Downloader downloader;
    private final boolean ownsClients;

    /** A fetcher reading with {@code clients}, which the caller keeps and closes. */
    public S3ResultFetcher(S3Clients clients) {
        this(clients, false);
    }

    private S3ResultFetcher(S3Clients clients, boolean ownsClients) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.downloader = new S3Downloader(clients.settings().transferParallelism());
        this.ownsClients = ownsClients;
    }

    /**
     * The CLI's fetcher: it reads {@code s3} results with this process's own AWS credentials (the
     * default chain) and the published {@code Endpoint}; this process acts for its own user, not
     * for a job, so the worker's endpoint policy is not its. Closing it closes its clients.
     */
    public static Optional<ResultFetcher> open(ResultFetchers.Options options) {
        return Optional.of(
                new S3ResultFetcher(
                        new S3Clients(
                                S3Settings.DEFAULTS.withJobEndpoints(S3EndpointPolicy.UNCHECKED)),
                        true));
    }

    /**
     * Downloads {@code result} into the new directory {@code dir}: returns the archive file when
     * the result is one {@code .tar.gz}/{@code .tgz} object, else {@code dir} holding the objects.
     *
     * @throws io.caravel.api.errors.CaravelException {@code SPEC_INVALID} for unreadable params, or
     *     from {@code S3Errors} when S3 refuses or cannot be reached
     */
    @Override
    public Path fetch(SpecConfig result, Path dir) throws IOException, InterruptedException {
        S3SourceSpec spec = S3SourceSpec.decode(result);
        String endpoint = clients.endpoint(spec.endpoint());
        var s3 = clients.client(spec.endpoint(), spec.region());
        List<S3ObjectRef> objects = S3ObjectSelector.select(s3, endpoint, spec, 0, 1);
        Files.createDirectories(dir);
        downloader.download(s3, endpoint, spec.bucket(), objects, dir, QUIET, () -> false);
        String key = spec.key().toLowerCase(Locale.ROOT);
        if (spec.isSingleObject()
                && objects.size() == 1
                && (key.endsWith(".tar.gz") || key.endsWith(".tgz"))) {
            return dir.resolve(S3LocalLayout.localPath(spec.key(), spec.key()));
        }
        return dir;
    }

    @Override
    public void close() {
        if (ownsClients) {
            clients.close();
        }
    }
}
