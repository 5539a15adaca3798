package io.caravel.api.cli;

import static io.caravel.api.cli.CliErrors.assertBadArgument;
import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.SpecConfig;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PublisherUriParserTest {
    static Stream<Arguments> case61() {
        return Stream.of(
                Arguments.of("ipfs", SpecConfig.of("ipfs")),
                Arguments.of("ipfs://", SpecConfig.of("ipfs")),
                Arguments.of("local", SpecConfig.of("local")),
                Arguments.of("s3managed", SpecConfig.of("s3managed")),
                Arguments.of(
                        "s3://myBucket/dir/file-001.txt",
                        SpecConfig.of(
                                "s3", Map.of("bucket", "myBucket", "key", "dir/file-001.txt"))),
                Arguments.of(
                        "s3://myBucket/dir/file-001.txt,opt=endpoint=http://127.0.0.1:9000,opt=region=us-east-1",
                        SpecConfig.of(
                                "s3",
                                Map.of(
                                        "bucket",
                                        "myBucket",
                                        "key",
                                        "dir/file-001.txt",
                                        "endpoint",
                                        "http://127.0.0.1:9000",
                                        "region",
                                        "us-east-1"))),
                Arguments.of(
                        "s3://myBucket/dir/file-001.txt,opt=encoding=plain",
                        SpecConfig.of(
                                "s3",
                                Map.of(
                                        "bucket",
                                        "myBucket",
                                        "key",
                                        "dir/file-001.txt",
                                        "encoding",
                                        "plain"))),
                Arguments.of(
                        "s3,opt=bucket=myBucket,opt=key=dir/file-001.txt,opt=region=us-east-1",
                        SpecConfig.of(
                                "s3",
                                Map.of(
                                        "bucket",
                                        "myBucket",
                                        "key",
                                        "dir/file-001.txt",
                                        "region",
                                        "us-east-1"))),
                Arguments.of(
                        "target=s3://myBucket/k,opt=Region=us-east-1",
                        SpecConfig.of(
                                "s3",
                                Map.of("bucket", "myBucket", "key", "k", "Region", "us-east-1"))),
                Arguments.of("DST=ipfs", SpecConfig.of("ipfs")),
                Arguments.of("destination=local", SpecConfig.of("local")));
    }

    @ParameterizedTest(name = "case 61: {0}")
    @MethodSource("case61")
    void case61_publisherTypesAndS3Params(String value, SpecConfig expected) {
        assertThat(PublisherUriParser.parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "case 62: \"{0}\" is refused ({1})")
    @CsvSource(
            delimiter = '|',
            value = {
                "''|the publisher is empty",
                "s3://myBucket/dir/file-001.txt,y=/mount/path|unexpected key \"y\"",
                "opt=region=x|no publisher type or URI",
                "ipfs,local|field \"local\" is not KEY=VALUE",
                "s3://b/k,opt=region|invalid option \"region\": expected opt=KEY=VALUE",
                "ipfs,opt=region=x|publisher ipfs takes no options",
                "local://somewhere|publisher local takes no path",
                "s3://b/\"k|a quote inside an unquoted field",
            })
    void case62_badValuesAreRefused(String value, String fragment) {
        assertBadArgument(() -> PublisherUriParser.parse(value), "--publisher", fragment);
    }

    @ParameterizedTest(name = "case 63: {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "s3://myBucket/myKey|myBucket|myKey||",
                "s3://myBucket/myKey,opt=region=us-west-2,opt=endpoint=http://localhost:9000"
                        + "|myBucket|myKey|us-west-2|http://localhost:9000",
                "s3://myBucket/myKey,option=region=us-west-2,option=endpoint=http://localhost:9000"
                        + "|myBucket|myKey|us-west-2|http://localhost:9000",
            })
    void case63_dockerRunPublisherFlag(
            String value, String bucket, String key, String region, String endpoint) {
        SpecConfig publisher = PublisherUriParser.parse(value);

        assertThat(publisher.type()).isEqualTo("s3");
        assertThat(publisher.params()).containsEntry("bucket", bucket).containsEntry("key", key);
        if (region != null) {
            assertThat(publisher.params())
                    .containsEntry("region", region)
                    .containsEntry("endpoint", endpoint);
        } else {
            assertThat(publisher.params()).containsOnlyKeys("bucket", "key");
        }
    }

    @ParameterizedTest(name = "case 63: {0} is an unknown publisher type")
    @CsvSource(
            delimiter = '|',
            value = {
                "abc://123|abc",
                "ftp|ftp",
            })
    void case63_unknownPublisherType(String value, String type) {
        var e = assertBadArgument(() -> PublisherUriParser.parse(value), "--publisher");

        assertThat(e.getMessage())
                .isEqualTo(
                        "--publisher: unknown publisher type: "
                                + type
                                + " (in \""
                                + value
                                + "\"); accepted types: ipfs, local, s3, s3managed, noop");
    }

    @ParameterizedTest(name = "noop is accepted (Caravel deviation): {0}")
    @CsvSource({"noop", "NOOP", "noop://"})
    void noopIsAcceptedAsACaravelDeviation(String value) {
        assertThat(PublisherUriParser.parse(value)).isEqualTo(SpecConfig.of("noop"));
    }
}
