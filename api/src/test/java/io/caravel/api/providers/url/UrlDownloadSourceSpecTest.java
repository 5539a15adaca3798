package io.caravel.api.providers.url;

import static io.caravel.api.params.SourceSpecTesting.SOURCE;
import static io.caravel.api.params.SourceSpecTesting.atSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlDownloadSourceSpecTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://example.com/file.txt | https://example.com/file.txt",
                "http://host/ | http://host/",
                "'  \"http://host/a.csv\"  ' | http://host/a.csv",
                "''https://host/a'' | https://host/a",
                "HTTPS://host/a | HTTPS://host/a",
                "https://example.com:9000/file | https://example.com:9000/file",
                "https://example.com/a?b=c#d | https://example.com/a?b=c#d"
            })
    void acceptsHttpUrlsWithAPath(String given, String kept) {
        Problems problems = atSource();

        UrlDownloadSourceSpec spec =
                UrlDownloadSourceSpec.from(
                        SpecConfig.of("urlDownload", Map.of("URL", given)), problems);

        assertThat(problems.list()).isEmpty();
        assertThat(spec.url()).isEqualTo(kept);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://host | URL must end with a file name",
                "https://example.com?x=1 | URL must end with a file name",
                "ftp://host/file | URLs must begin with 'http' or 'https'",
                "example.com/file | URLs must begin with 'http' or 'https'",
                "file:///etc/passwd | URLs must begin with 'http' or 'https'",
                "http:file | URL must end with a file name",
                "http://host/a b | invalid URL",
                "'\"  \"' | invalid urlDownload params: url cannot be empty"
            })
    void refuses(String url, String message) {
        Problems problems = atSource();

        UrlDownloadSourceSpec.from(SpecConfig.of("urldownload", Map.of("url", url)), problems);

        assertThat(problems.list())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo(SOURCE + ".Params.URL");
                            assertThat(p.message()).startsWith(message);
                        });
    }

    @Test
    void schemeMessageNamesTheValue() {
        Problems problems = atSource();

        UrlDownloadSourceSpec.from(
                SpecConfig.of("urlDownload", Map.of("URL", "s3://b/k")), problems);

        assertThat(problems.list())
                .extracting(Problem::message)
                .singleElement()
                .asString()
                .contains("s3://b/k");
    }

    @Test
    void missingUrlAndWrongTypes() {
        Problems missing = atSource();
        Problems wrong = atSource();

        UrlDownloadSourceSpec.from(SpecConfig.of("urlDownload"), missing);
        UrlDownloadSourceSpec.from(SpecConfig.of("urlDownload", Map.of("URL", 5)), wrong);

        assertThat(missing.list())
                .extracting(Problem::message)
                .singleElement()
                .asString()
                .contains("url cannot be empty");
        assertThat(wrong.list())
                .extracting(Problem::toString)
                .containsExactly(SOURCE + ".Params.URL: invalid type: 'number' expected: 'string'");
    }

    @Test
    void roundTrips() {
        UrlDownloadSourceSpec spec = new UrlDownloadSourceSpec(" 'https://h/x.bin' ");

        assertThat(spec.url()).isEqualTo("https://h/x.bin");
        assertThat(spec.toParams()).isEqualTo(Map.of("URL", "https://h/x.bin"));
        assertThat(UrlDownloadSourceSpec.decode(SpecConfig.of("urlDownload", spec.toParams())))
                .isEqualTo(spec);
    }

    @Test
    void wrongSourceTypeIsReported() {
        Problems problems = atSource();

        UrlDownloadSourceSpec.from(SpecConfig.of("inline", Map.of("URL", "https://h/x")), problems);

        assertThat(problems.list()).extracting(Problem::path).containsExactly(SOURCE + ".Type");
    }
}
