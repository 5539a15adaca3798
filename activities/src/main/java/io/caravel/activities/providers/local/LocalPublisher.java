package io.caravel.activities.providers.local;

import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.results.TarGz;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.url.UrlParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code local} publisher: writes the results directory as {@code
 * <publishDir>/<executionId>.tar.gz} and answers with a {@code urlDownload} result whose {@code
 * URL} is where the worker's results server serves that file ({@code
 * <baseUrl>/results/<executionId>.tar.gz}). The archive outlives the execution's directories, which
 * are deleted when the execution is released.
 */
public final class LocalPublisher implements Publisher {
    /** The result type of a published archive, as Bacalhau names it. */
    public static final String RESULT_TYPE = UrlParams.TYPE;

    /** The path under the base URL where archives are served. */
    public static final String RESULTS_PATH = "/results/";

    public static final String ARCHIVE_SUFFIX = ".tar.gz";

    private final Path publishDir;
    private final String baseUrl;

    /**
     * @param publishDir where archives are written
     * @param baseUrl the results server's advertised URL, e.g. {@code http://127.0.0.1:6001}
     */
    public LocalPublisher(Path publishDir, String baseUrl) {
        this.publishDir = publishDir.toAbsolutePath().normalize();
        String url = Objects.requireNonNull(baseUrl, "baseUrl").strip();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The file an execution's archive is written to (the ID is checked first). */
    public static Path archiveOf(Path publishDir, String executionId) {
        return publishDir.resolve(ExecutionDirs.checkId(executionId) + ARCHIVE_SUFFIX);
    }

    @Override
    public String type() {
        return SpecTypes.PUBLISHER_LOCAL;
    }

    @Override
    public SpecConfig publish(ExecutionContext execution) {
        String id = execution.executionId();
        Path archive = archiveOf(publishDir, id);
        try {
            Files.createDirectories(publishDir);
            long size = TarGz.write(execution.resultsDir(), archive);
            execution.progress().report("local: wrote " + size + " bytes");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the results archive " + archive + " of execution " + id, e);
        }
        return SpecConfig.of(
                RESULT_TYPE, Map.of(UrlParams.URL, baseUrl + RESULTS_PATH + id + ARCHIVE_SUFFIX));
    }
}
