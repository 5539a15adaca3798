package io.caravel.cli.providers.ipfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.providers.ipfs.IpfsPublisher;
import io.caravel.activities.providers.ipfs.KuboClient;
import io.caravel.activities.providers.ipfs.KuboTests;
import io.caravel.activities.sources.SourceTests;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.ipfs.IpfsParams;
import io.caravel.cli.results.ResultsDownloader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code job get} of ipfs results, against the real offline Kubo node. */
class IpfsResultFetcherTest {
    @TempDir Path tmp;

    private final KuboClient kubo = KuboTests.client();
    private final ResultsDownloader downloader =
            ResultsDownloader.standard().withFetcher(IpfsParams.TYPE, new IpfsResultFetcher(kubo));

    @Test
    void theResultsOfTwoExecutionsAreFetchedByCidAndMergedAsBacalhauMergesThem() throws Exception {
        String tag = UUID.randomUUID().toString();
        SpecConfig first = publish("e-1", "one " + tag + "\n", "0", "outputs/a.txt");
        SpecConfig second = publish("e-2", "two " + tag + "\n", "1", "outputs/b.txt");

        int count =
                downloader.download(
                        List.of(first, second, SpecConfig.EMPTY), tmp.resolve("out"), false);

        Path out = tmp.resolve("out");
        assertThat(count).isEqualTo(2);
        assertThat(out.resolve("stdout")).hasContent("one " + tag + "\ntwo " + tag + "\n");
        assertThat(out.resolve("exitCode")).hasContent("01");
        assertThat(out.resolve("outputs/a.txt")).hasContent("e-1");
        assertThat(out.resolve("outputs/b.txt")).hasContent("e-2");
        assertThat(out.resolve("raw")).doesNotExist();
    }

    @Test
    void aFileInBothResultsAbortsTheMerge() throws Exception {
        SpecConfig first = publish("e-1", "x", "0", "outputs/same.txt");
        SpecConfig second = publish("e-2", "y", "0", "outputs/same.txt");

        assertThatThrownBy(
                        () ->
                                downloader.download(
                                        List.of(first, second), tmp.resolve("out"), false))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT_EXISTS));
    }

    @Test
    void anIpfsResultWithoutAFetcherIsUnsupportedNamingWhatIs() {
        assertThatThrownBy(
                        () ->
                                ResultsDownloader.standard()
                                        .download(
                                                List.of(
                                                        SpecConfig.of(
                                                                "ipfs", Map.of("CID", "bafy"))),
                                                tmp.resolve("out"),
                                                false))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
                            assertThat(e.hint()).contains("urlDownload");
                        });
    }

    private SpecConfig publish(String id, String stdout, String exitCode, String file)
            throws Exception {
        ExecutionContext execution = SourceTests.context(tmp.resolve(id));
        Path results = execution.resultsDir();
        Files.createDirectories(results.resolve(file).getParent());
        Files.writeString(results.resolve("stdout"), stdout);
        Files.writeString(results.resolve("stderr"), "");
        Files.writeString(results.resolve("exitCode"), exitCode);
        Files.writeString(results.resolve(file), id);
        return new IpfsPublisher(kubo).publish(execution);
    }
}
