package io.caravel.cli.providers.ipfs;

import io.caravel.activities.files.TarGzExtractor;
import io.caravel.activities.providers.ipfs.KuboClient;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.ipfs.IpfsParams;
import io.caravel.cli.providers.ResultFetchers;
import io.caravel.cli.results.ResultFetcher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Fetches an {@code ipfs} result ({@code {Type: ipfs, Params: {CID}}}) for {@code job get}: the
 * CID's directory, through Kubo's API, extracted safely into {@code raw/ipfs/<CID>} (within {@link
 * #LIMITS}), which the downloader then merges like any other execution's results.
 */
public final class IpfsResultFetcher implements ResultFetcher {
    /**
     * What one result may hold: 100,000 entries, 10 GiB a file and in all, as the results extractor
     * allows.
     */
    public static final TarGzExtractor.Limits LIMITS =
            new TarGzExtractor.Limits(100_000, 10L << 30, 10L << 30);

    private final KuboClient kubo;
    private final TarGzExtractor extractor = new TarGzExtractor(LIMITS);

    public IpfsResultFetcher(KuboClient kubo) {
        this.kubo = Objects.requireNonNull(kubo, "kubo");
    }

    /**
     * The CLI's fetcher, through the Kubo RPC API of {@code options}; none when that is empty (then
     * {@code ipfs} results are not downloaded).
     */
    public static Optional<ResultFetcher> open(ResultFetchers.Options options) {
        String api = options.ipfsApi() == null ? "" : options.ipfsApi().strip();
        if (api.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new IpfsResultFetcher(new KuboClient(URI.create(api), options.ipfsTimeout())));
    }

    @Override
    public Path fetch(SpecConfig result, Path dir) throws IOException, InterruptedException {
        String cid = cid(result);
        try {
            kubo.get(cid, dir, extractor);
        } catch (TarGzExtractor.RefusedException e) {
            throw new CaravelException(
                    ErrorCode.UNSAFE_ARCHIVE,
                    "the ipfs result " + cid + " cannot be downloaded: " + e.getMessage(),
                    "results hold only regular files and directories",
                    List.of(),
                    e);
        }
        return dir.resolve(cid);
    }

    private static String cid(SpecConfig result) {
        for (Map.Entry<String, Object> e : result.params().entrySet()) {
            if (e.getKey().equalsIgnoreCase(IpfsParams.CID)
                    && e.getValue() != null
                    && !e.getValue().toString().isBlank()) {
                return e.getValue().toString().strip();
            }
        }
        throw new CaravelException(
                ErrorCode.DOWNLOAD_FAILED,
                "the ipfs result has no CID: " + result.params(),
                "an ipfs result needs Params.CID");
    }
}
