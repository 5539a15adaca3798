package io.caravel.cli.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.ipfs.IpfsParams;
import io.caravel.api.providers.s3.S3Params;
import io.caravel.cli.results.ResultsDownloader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one list of the client half: which result types {@code job get} can download. */
class ResultFetchersTest {
    @TempDir Path tmp;

    private static ResultFetchers.Options withIpfs(String api) {
        return new ResultFetchers.Options(api, Duration.ofSeconds(5));
    }

    @Test
    void oneLinePerFamilyKeyedByItsParamsType() {
        assertThat(ResultFetchers.FAMILIES)
                .extracting(ResultFetchers.Family::type)
                .containsExactly(S3Params.TYPE, IpfsParams.TYPE);
    }

    @Test
    void anUnknownTypeFailsBeforeAnythingIsFetchedNamingItAndTheTypesThatCanBe() {
        SpecConfig other = SpecConfig.of("s3managed", Map.of("Bucket", "b", "Key", "k"));
        Path out = tmp.resolve("job");
        try (ResultFetchers fetchers = ResultFetchers.open(withIpfs("http://127.0.0.1:1"))) {
            ResultsDownloader downloader = fetchers.addTo(ResultsDownloader.standard());
            assertThatThrownBy(() -> downloader.download(List.of(other), out, false))
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
                                assertThat(e.getMessage())
                                        .startsWith("cannot download results of type s3managed");
                                assertThat(e.hint())
                                        .isEqualTo(
                                                "results of these types can be downloaded here: ipfs,"
                                                        + " s3, urlDownload; fetch others with their"
                                                        + " own tools");
                            });
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void withoutAnIpfsApiIpfsResultsAreNotDownloadable() {
        SpecConfig ipfs = SpecConfig.of(IpfsParams.TYPE, Map.of(IpfsParams.CID, "bafy"));
        try (ResultFetchers fetchers = ResultFetchers.open(withIpfs(" "))) {
            ResultsDownloader downloader = fetchers.addTo(ResultsDownloader.standard());
            assertThatThrownBy(() -> downloader.download(List.of(ipfs), tmp.resolve("job"), false))
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
                                assertThat(e.getMessage())
                                        .startsWith("cannot download results of type ipfs");
                                assertThat(e.hint())
                                        .isEqualTo(
                                                "results of these types can be downloaded here: ipfs"
                                                        + " (needs --ipfs-api), s3, urlDownload;"
                                                        + " fetch others with their own tools");
                            });
        }
    }
}
