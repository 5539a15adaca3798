package io.caravel.api.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.s3.S3PublisherSpec.Encoding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3PublisherSpecTest {

    private static List<Problem> problemsOf(Map<String, ?> params) {
        Problems problems = new Problems();
        S3PublisherSpec.from(
                SpecConfig.of("s3", params), problems.at("Tasks").index(0).at("Publisher"));
        return problems.list();
    }

    private static Map<String, Object> valid(String key, Object value) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("Bucket", "b");
        params.put("Key", "k");
        params.put(key, value);
        return params;
    }

    @Test
    void case68_lowerCaseKeysDecode() {
        S3PublisherSpec spec =
                S3PublisherSpec.decode(
                        SpecConfig.of(
                                "s3",
                                Map.of(
                                        "bucket",
                                        "my-bucket",
                                        "key",
                                        "results/{jobID}",
                                        "endpoint",
                                        "http://127.0.0.1:9000",
                                        "region",
                                        "us-east-1",
                                        "encoding",
                                        "gzip")));

        assertThat(spec)
                .isEqualTo(
                        new S3PublisherSpec(
                                "my-bucket",
                                "results/{jobID}",
                                "http://127.0.0.1:9000",
                                "us-east-1",
                                Encoding.GZIP));
    }

    @Test
    void encodingIsReadExactlyAndDefaultsToGzip() {
        assertThat(
                        S3PublisherSpec.decode(SpecConfig.of("S3", valid("Encoding", "plain")))
                                .encoding())
                .isEqualTo(Encoding.PLAIN);
        assertThat(S3PublisherSpec.decode(SpecConfig.of("s3", valid("Encoding", ""))).encoding())
                .isEqualTo(Encoding.GZIP);
        assertThat(
                        S3PublisherSpec.decode(
                                        SpecConfig.of("s3", Map.of("Bucket", "b", "Key", "k")))
                                .encoding())
                .isEqualTo(Encoding.GZIP);
        assertThat(new S3PublisherSpec("b", "k", null, null, null).encoding())
                .isEqualTo(Encoding.GZIP);
    }

    @Test
    void case69_emptyBucketAndKeyAreRejected() {
        assertThat(problemsOf(Map.of("Bucket", "", "Region", "x")))
                .extracting(Problem::path, p -> p.message().substring(0, p.message().indexOf(';')))
                .containsExactly(
                        tuple(
                                "Tasks[0].Publisher.Params.Bucket",
                                "invalid s3 params. bucket cannot be empty"),
                        tuple(
                                "Tasks[0].Publisher.Params.Key",
                                "invalid s3 params. key cannot be empty"));
    }

    @ParameterizedTest(name = "case 69: Encoding \"{0}\" rejected")
    @ValueSource(strings = {"invalid", "GZIP", "Plain", " gzip", "tar"})
    void case69_otherEncodingsAreRejected(String encoding) {
        assertThat(problemsOf(valid("Encoding", encoding)))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo("Tasks[0].Publisher.Params.Encoding");
                            assertThat(p.message())
                                    .startsWith(
                                            "invalid s3 params. encoding must be either 'plain' or 'gzip'")
                                    .contains("'" + encoding + "'");
                        });
    }

    @Test
    void roundTripsThroughCanonicalParams() {
        for (S3PublisherSpec spec :
                List.of(
                        new S3PublisherSpec(
                                "b", "k/{date}", "http://minio:9000", "eu-west-1", Encoding.PLAIN),
                        new S3PublisherSpec("b", "k", "", "", Encoding.GZIP))) {
            assertThat(spec.toParams())
                    .containsOnlyKeys("Bucket", "Key", "Endpoint", "Region", "Encoding");
            assertThat(S3PublisherSpec.decode(SpecConfig.of("s3", spec.toParams())))
                    .isEqualTo(spec);
        }
        assertThat(new S3PublisherSpec("b", "k", "", "", Encoding.PLAIN).toParams())
                .containsEntry("Encoding", "plain");
    }

    @Test
    void wrongTypesAreProblemsNotExceptions() {
        List<Problem> problems =
                problemsOf(
                        Map.of(
                                "Bucket",
                                42,
                                "Key",
                                List.of("k"),
                                "Endpoint",
                                true,
                                "Region",
                                Map.of(),
                                "Encoding",
                                1));

        assertThat(problems)
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "Tasks[0].Publisher.Params.Bucket",
                        "Tasks[0].Publisher.Params.Key",
                        "Tasks[0].Publisher.Params.Endpoint",
                        "Tasks[0].Publisher.Params.Region",
                        "Tasks[0].Publisher.Params.Encoding");
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).startsWith("invalid type: "));
    }

    @Test
    void otherTypeIsReportedAndDecodeThrows() {
        assertThatThrownBy(
                        () ->
                                S3PublisherSpec.decode(
                                        SpecConfig.of("s3managed", valid("Region", ""))))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(Problem::path)
                                        .containsExactly("Type"));
    }

    @Test
    void encodingParsesOnlyExactSpellings() {
        assertThat(Encoding.parse("gzip")).contains(Encoding.GZIP);
        assertThat(Encoding.parse("plain")).contains(Encoding.PLAIN);
        assertThat(Encoding.parse("Gzip")).isEmpty();
        assertThat(Encoding.parse(null)).isEmpty();
    }
}
