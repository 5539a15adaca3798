package io.caravel.api.providers.s3;

import static io.caravel.api.params.SourceSpecTesting.SOURCE;
import static io.caravel.api.params.SourceSpecTesting.atSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SourceSpecTesting;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class S3SourceSpecTest {

    @Test
    void decodesEveryField() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("Bucket", "b");
        params.put("Key", "data/");
        params.put("Filter", "\\.csv$");
        params.put("Region", "eu-west-1");
        params.put("Endpoint", "http://127.0.0.1:9000");
        params.put("VersionID", "v1");
        params.put("ChecksumSHA256", "abc=");
        params.put("Partition", Map.of("Type", "substring", "StartIndex", 0, "EndIndex", 3.0));

        S3SourceSpec spec = S3SourceSpec.decode(SpecConfig.of("s3", params));

        assertThat(spec)
                .isEqualTo(
                        new S3SourceSpec(
                                "b",
                                "data/",
                                "\\.csv$",
                                "eu-west-1",
                                "http://127.0.0.1:9000",
                                "v1",
                                "abc=",
                                S3Partition.substring(0, 3)));
        assertThat(spec.isSingleObject()).isFalse();
    }

    @Test
    @DisplayName("keys match case-insensitively: bucket, key, versionid ...")
    void lowerCaseKeys() {
        Map<String, Object> params =
                Map.of(
                        "bucket",
                        "b",
                        "key",
                        "k.txt",
                        "region",
                        "r",
                        "endpoint",
                        "e",
                        "versionid",
                        "v",
                        "checksumsha256",
                        "c",
                        "filter",
                        "f",
                        "partition",
                        Map.of("type", "object"));

        S3SourceSpec spec = S3SourceSpec.decode(SpecConfig.of("S3", params));

        assertThat(spec)
                .isEqualTo(
                        new S3SourceSpec(
                                "b", "k.txt", "f", "r", "e", "v", "c", S3Partition.object()));
        assertThat(spec.isSingleObject()).isTrue();
    }

    @Test
    @DisplayName("case 56: an s3 URI's params are exactly the seven keys, Partition left out")
    void canonicalParams() {
        assertThat(S3SourceSpec.of("myBucket", "dir/file-001.txt").toParams())
                .containsExactly(
                        Map.entry("Bucket", "myBucket"),
                        Map.entry("Key", "dir/file-001.txt"),
                        Map.entry("Filter", ""),
                        Map.entry("Region", ""),
                        Map.entry("Endpoint", ""),
                        Map.entry("VersionID", ""),
                        Map.entry("ChecksumSHA256", ""));
    }

    @Test
    void partitionIsEmittedOnlyWhenSet() {
        S3SourceSpec spec =
                new S3SourceSpec("b", "p/", "", "", "", "", "", S3Partition.regex("user(\\d+)"));

        assertThat(spec.toParams())
                .containsEntry(
                        "Partition",
                        Map.of(
                                "Type",
                                "regex",
                                "Pattern",
                                "user(\\d+)",
                                "StartIndex",
                                0L,
                                "EndIndex",
                                0L,
                                "DateFormat",
                                ""));
    }

    static Stream<S3SourceSpec> roundTrips() {
        return Stream.of(
                S3SourceSpec.of("b", ""),
                S3SourceSpec.of("b", "dir/file-001.txt"),
                new S3SourceSpec(
                        "b",
                        "p/set*",
                        "[0-1]01.txt",
                        "us-east-1",
                        "http://minio:9000",
                        "",
                        "",
                        null),
                new S3SourceSpec("b", "k", "", "", "", "version-7", "c2hhMjU2", S3Partition.NONE),
                new S3SourceSpec("b", "p/", "", "", "", "", "", S3Partition.object()),
                new S3SourceSpec(
                        "b", "p/", "", "", "", "", "", S3Partition.regex("user(\\d+)-group(\\d+)")),
                new S3SourceSpec("b", "p/", "", "", "", "", "", S3Partition.substring(2, 9)),
                new S3SourceSpec(
                        "b",
                        "p/",
                        "",
                        "",
                        "",
                        "",
                        "",
                        S3Partition.date("2006-01-02T15:04:05Z07:00")));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void toParamsRoundTrips(S3SourceSpec spec) {
        Problems problems = atSource();

        S3SourceSpec back = S3SourceSpec.from(SpecConfig.of("s3", spec.toParams()), problems);

        assertThat(problems.list()).isEmpty();
        assertThat(back).isEqualTo(spec);
    }

    @Test
    void missingBucketIsReportedWithItsPath() {
        Problems problems = atSource();

        S3SourceSpec spec = S3SourceSpec.from(SpecConfig.of("s3", Map.of("Key", "k")), problems);

        assertThat(spec.key()).isEqualTo("k");
        assertThat(problems.list())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo(SOURCE + ".Params.Bucket");
                            assertThat(p.message())
                                    .startsWith(
                                            "invalid s3 storage params: bucket cannot be empty");
                        });
    }

    @Test
    void blankBucketIsEmpty() {
        Problems problems = atSource();

        S3SourceSpec.from(SpecConfig.of("s3", Map.of("Bucket", "  ")), problems);

        assertThat(problems.list())
                .extracting(Problem::message)
                .singleElement()
                .asString()
                .contains("bucket cannot be empty");
    }

    @Test
    void wrongTypesAreProblemsNotExceptions() {
        Map<String, Object> params = new HashMap<>();
        params.put("Bucket", 42);
        params.put("Key", List.of("a"));
        params.put("Partition", "object");
        Problems problems = atSource();

        S3SourceSpec spec = S3SourceSpec.from(SpecConfig.of("s3", params), problems);

        assertThat(spec).isEqualTo(S3SourceSpec.of("", ""));
        assertThat(problems.list())
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        SOURCE + ".Params.Bucket",
                        SOURCE + ".Params.Key",
                        SOURCE + ".Params.Partition");
        assertThat(problems.list())
                .filteredOn(p -> p.path().endsWith("Bucket"))
                .extracting(Problem::message)
                .containsExactly("invalid type: 'number' expected: 'string'");
    }

    @Test
    @DisplayName(
            "case 74 (validation side): a Filter that is not a regex is reported at Params.Filter")
    void badFilter() {
        Problems problems = atSource();

        S3SourceSpec.from(SpecConfig.of("s3", Map.of("Bucket", "b", "Filter", "[0-1")), problems);

        assertThat(problems.list())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo(SOURCE + ".Params.Filter");
                            assertThat(p.message()).startsWith("invalid regex pattern: ");
                        });
    }

    @Test
    void wrongSourceTypeIsReported() {
        Problems problems = atSource();

        S3SourceSpec.from(SpecConfig.of("ipfs", Map.of("Bucket", "b")), problems);

        assertThat(problems.list())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo(SOURCE + ".Type");
                            assertThat(p.message()).contains("expected 's3'", "'ipfs'");
                        });
    }

    @Test
    void nullConfigIsAProblem() {
        Problems problems = atSource();

        S3SourceSpec spec = S3SourceSpec.from(null, problems);

        assertThat(spec).isNotNull();
        assertThat(problems.list())
                .extracting(Problem::path)
                .contains(SOURCE, SOURCE + ".Params.Bucket");
    }

    @Test
    void decodeThrowsEveryProblem() {
        Map<String, Object> params = Map.of("Filter", "(", "Partition", Map.of("Type", "date"));

        assertThatThrownBy(() -> S3SourceSpec.decode(SpecConfig.of("s3", params)))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                            assertThat(e.problems())
                                    .extracting(Problem::path)
                                    .containsExactlyInAnyOrder(
                                            "Params.Bucket",
                                            "Params.Filter",
                                            "Params.Partition.DateFormat");
                        });
    }

    static Stream<Arguments> partitionConfigs() {
        return Stream.of(
                Arguments.of("object, minimal", Map.of("Type", "object"), null, null),
                Arguments.of(
                        "object with unused fields",
                        Map.of(
                                "Type",
                                "object",
                                "Pattern",
                                "unused",
                                "StartIndex",
                                1,
                                "EndIndex",
                                2),
                        null,
                        null),
                Arguments.of(
                        "regex, simple", Map.of("Type", "regex", "Pattern", "\\d+"), null, null),
                Arguments.of(
                        "regex, complex",
                        Map.of("Type", "regex", "Pattern", "^(?:user|group)-(\\d+)-\\w+$"),
                        null,
                        null),
                Arguments.of(
                        "regex, empty",
                        Map.of("Type", "regex", "Pattern", ""),
                        "Pattern",
                        "regex pattern cannot be empty"),
                Arguments.of(
                        "regex, syntax error",
                        Map.of("Type", "regex", "Pattern", "[unclosed"),
                        "Pattern",
                        "invalid regex pattern"),
                Arguments.of(
                        "substring 0-5",
                        Map.of("Type", "substring", "StartIndex", 0, "EndIndex", 5),
                        null,
                        null),
                Arguments.of(
                        "substring 3-10",
                        Map.of("Type", "substring", "StartIndex", 3, "EndIndex", 10),
                        null,
                        null),
                Arguments.of(
                        "substring, negative start",
                        Map.of("Type", "substring", "StartIndex", -1, "EndIndex", 5),
                        "StartIndex",
                        "start index cannot be negative"),
                Arguments.of(
                        "substring, end = start",
                        Map.of("Type", "substring", "StartIndex", 5, "EndIndex", 5),
                        "EndIndex",
                        "end index must be greater than start index"),
                Arguments.of(
                        "substring, end < start",
                        Map.of("Type", "substring", "StartIndex", 10, "EndIndex", 5),
                        "EndIndex",
                        "end index must be greater than start index"),
                Arguments.of(
                        "date", Map.of("Type", "date", "DateFormat", "2006-01-02"), null, null),
                Arguments.of(
                        "date with zone",
                        Map.of("Type", "date", "DateFormat", "2006-01-02T15:04:05Z07:00"),
                        null,
                        null),
                Arguments.of(
                        "date, empty format",
                        Map.of("Type", "date", "DateFormat", ""),
                        "DateFormat",
                        "date format cannot be empty"),
                Arguments.of(
                        "date, unsupported token",
                        Map.of("Type", "date", "DateFormat", "Jan _2 MST"),
                        "DateFormat",
                        "invalid date format: Jan _2 MST"),
                Arguments.of("empty type", Map.of("Type", ""), null, null),
                Arguments.of("none", Map.of("Type", "none"), null, null),
                Arguments.of(
                        "unknown type",
                        Map.of("Type", "invalid"),
                        "Type",
                        "unsupported partition key type invalid"),
                Arguments.of(
                        "type is case-sensitive",
                        Map.of("Type", "Object"),
                        "Type",
                        "unsupported partition key type Object"),
                Arguments.of(
                        "index of the wrong type",
                        Map.of("Type", "substring", "StartIndex", "0", "EndIndex", 4),
                        "StartIndex",
                        "invalid type: 'string' expected: 'int'"));
    }

    @ParameterizedTest(name = "case 77: {0}")
    @MethodSource("partitionConfigs")
    void partitionValidation(
            String name, Map<String, Object> partition, String field, String message) {
        Problems problems = atSource();

        S3SourceSpec.from(
                SpecConfig.of("s3", Map.of("Bucket", "b", "Partition", partition)), problems);

        if (field == null) {
            assertThat(problems.list()).isEmpty();
        } else {
            assertThat(problems.list())
                    .singleElement()
                    .satisfies(
                            p -> {
                                assertThat(p.path())
                                        .isEqualTo(SOURCE + ".Params.Partition." + field);
                                assertThat(p.message()).startsWith(message);
                            });
        }
    }

    @Test
    void partitionValidateReportsAtTheGivenPath() {
        Problems problems = new Problems().at("Partition");

        S3Partition.substring(-1, -1).validate(problems);

        assertThat(SourceSpecTesting.lines(problems))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith("Partition."));
    }

    @Test
    void partitionTypeParsing() {
        assertThat(S3Partition.Type.parse("")).isEqualTo(S3Partition.Type.NONE);
        assertThat(S3Partition.Type.parse(null)).isEqualTo(S3Partition.Type.NONE);
        assertThat(S3Partition.Type.parse("date")).isEqualTo(S3Partition.Type.DATE);
        assertThat(S3Partition.Type.parse("DATE")).isNull();
    }
}
