package io.caravel.api.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.providers.s3.S3PublisherSpec.Encoding;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3KeyTemplateTest {

    private static final ZonedDateTime NOW =
            ZonedDateTime.of(2024, 3, 7, 9, 5, 2, 0, ZoneId.of("Europe/Lisbon"));

    private static String resolve(String key, Encoding encoding) {
        return S3KeyTemplate.resolve(key, encoding, "j-123", "e-456", "n-789", NOW);
    }

    @ParameterizedTest(name = "case 70: {1} key ''{0}'' -> ''{2}''")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            P/simple_plain                          | PLAIN | P/simple_plain/
            P/simple_plain/                         | PLAIN | P/simple_plain/
            P/pattern_plain/{jobID}/{executionID}/  | PLAIN | P/pattern_plain/j-123/e-456/
            P/simple_gzip                           | GZIP  | P/simple_gzip.tar.gz
            P/simple_gzip.tar.gz                    | GZIP  | P/simple_gzip.tar.gz
            P/nested_gzip/with/nested/path          | GZIP  | P/nested_gzip/with/nested/path.tar.gz
            P/pattern_gzip/{jobID}/{executionID}    | GZIP  | P/pattern_gzip/j-123/e-456.tar.gz
            P/prefix/                               | GZIP  | P/prefix/.tar.gz
            """)
    void case70_suffixThenPlaceholders(String key, Encoding encoding, String expected) {
        assertThat(resolve(key, encoding)).isEqualTo(expected);
    }

    @Test
    void case70_noEncodingMeansGzip() {
        assertThat(resolve("P/default", null)).isEqualTo("P/default.tar.gz");
    }

    @Test
    void case71_dateAndTimeUseTheGivenClock() {
        assertThat(resolve("{date}/{time}", Encoding.GZIP)).isEqualTo("20240307/090502.tar.gz");
        assertThat(S3KeyTemplate.resolve("{date}", Encoding.PLAIN, "", "", "", null))
                .matches("\\d{8}/");
    }

    @Test
    void nodeIdIsReplacedAndOtherTokensStay() {
        assertThat(resolve("{nodeID}/{jobid}/{unknown}/{jobID}{jobID}/", Encoding.PLAIN))
                .isEqualTo("n-789/{jobid}/{unknown}/j-123j-123/");
    }

    @Test
    void substitutedValuesAreNotSubstitutedAgain() {
        assertThat(S3KeyTemplate.resolve("{jobID}/", Encoding.PLAIN, "{date}", "e", "n", NOW))
                .isEqualTo("{date}/");
    }

    @Test
    void nullsReadAsEmpty() {
        assertThat(S3KeyTemplate.resolve(null, Encoding.PLAIN, null, null, null, NOW))
                .isEqualTo("/");
        assertThat(S3KeyTemplate.resolve("{jobID}", Encoding.GZIP, null, null, null, NOW))
                .isEqualTo(".tar.gz");
    }
}
