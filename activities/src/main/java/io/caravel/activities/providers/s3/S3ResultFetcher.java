package io.caravel.activities.providers.s3;

import io.caravel.activities.results.ResultsDownloader;
import io.caravel.activities.spi.ExecutionContext.ProgressSink;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.s3.S3LocalLayout;
import io.caravel.api.providers.s3.S3SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Downloads an {@code s3} published result for {@code job get}, straight from S3 with this
 * process's own credentials ({@link S3Settings}): an archive key ({@code .tar.gz}, {@code .tgz}) as
 * one file, a {@code plain} key prefix as the tree of files under it.
 */
public final class S3ResultFetcher implements ResultsDownloader.ResultFetcher {
    private static final ProgressSink QUIET = message -> {};

    private final S3Clients clients;
    private final S3Downloader downloader;

    public S3ResultFetcher(S3Clients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.downloader = new S3Downloader(clients.settings().transferParallelism());
    }

    @Override
    public String type() {
        return SpecTypes.SOURCE_S3;
    }

    /**
     * Downloads {@code result} into the new directory {@code dir}: returns the archive file when
     * the result is one {@code .tar.gz}/{@code .tgz} object, else {@code dir} holding the objects.
     *
     * @throws io.caravel.api.errors.CaravelException {@code SPEC_INVALID} for unreadable params, or
     *     from {@link S3Errors} when S3 refuses or cannot be reached
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
}
