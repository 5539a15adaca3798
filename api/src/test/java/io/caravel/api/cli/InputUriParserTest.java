package io.caravel.api.cli;

import static io.caravel.api.cli.CliErrors.assertBadArgument;
import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class InputUriParserTest {
    private static final String CID = "QmcuQyVDa5CELHbLnzyuJp3M2u1Pz6pUtFUJtEJHQZp7Bk";

    @Test
    void case54_ipfsUriWithDefaultTarget() {
        InputSource input = InputUriParser.parse("ipfs://" + CID);

        assertThat(input.source()).isEqualTo(SpecConfig.of("ipfs", Map.of("CID", CID)));
        assertThat(input.alias()).isEqualTo("ipfs://" + CID);
        assertThat(input.target()).isEqualTo("/inputs");
    }

    @ParameterizedTest(name = "case 55: {0}")
    @ValueSource(
            strings = {
                "ipfs://" + CID + ":/mount/path",
                "ipfs://" + CID + ",dst=/mount/path",
                "src=ipfs://" + CID + ",dst=/mount/path",
                "ipfs://" + CID + ":/input,dst=/mount/path",
                "SOURCE=ipfs://" + CID + ",Target=/mount/path",
                "source=ipfs://" + CID + ",destination=/mount/path",
            })
    void case55_targetFromUriOrKeyedField(String value) {
        InputSource input = InputUriParser.parse(value);

        assertThat(input.source()).isEqualTo(SpecConfig.of("ipfs", Map.of("CID", CID)));
        assertThat(input.alias()).isEqualTo("ipfs://" + CID);
        assertThat(input.target()).isEqualTo("/mount/path");
    }

    @Test
    void case56_s3UriHasEveryParamKey() {
        InputSource input = InputUriParser.parse("s3://myBucket/dir/file-001.txt");

        assertThat(input.source().type()).isEqualTo("s3");
        assertThat(input.source().params())
                .containsExactly(
                        Map.entry("Bucket", "myBucket"),
                        Map.entry("Key", "dir/file-001.txt"),
                        Map.entry("Region", ""),
                        Map.entry("Endpoint", ""),
                        Map.entry("ChecksumSHA256", ""),
                        Map.entry("VersionID", ""),
                        Map.entry("Filter", ""));
        assertThat(input.alias()).isEqualTo("s3://myBucket/dir/file-001.txt");
        assertThat(input.target()).isEqualTo("/inputs");
    }

    @Test
    void case57_s3EndpointAndRegionOptions() {
        InputSource input =
                InputUriParser.parse(
                        "s3://myBucket/dir/file-001.txt,opt=endpoint=http://127.0.0.1:9000,opt=region=us-east-1");

        assertThat(input.source().params())
                .isEqualTo(
                        s3Params(
                                "myBucket",
                                "dir/file-001.txt",
                                Map.of(
                                        "Endpoint",
                                        "http://127.0.0.1:9000",
                                        "Region",
                                        "us-east-1")));
    }

    static Stream<Arguments> s3OptionSpellings() {
        return Stream.of(
                Arguments.of("opt=versionID=v1", "VersionID", "v1"),
                Arguments.of("option=version-id=v1", "VersionID", "v1"),
                Arguments.of("opt=version_id=v1", "VersionID", "v1"),
                Arguments.of("opt=checksum-256=abc=", "ChecksumSHA256", "abc="),
                Arguments.of("opt=CHECKSUM256=abc", "ChecksumSHA256", "abc"),
                Arguments.of("opt=checksum_256=abc", "ChecksumSHA256", "abc"),
                Arguments.of("opt=filter=[0-1]01.txt", "Filter", "[0-1]01.txt"),
                Arguments.of("opt=Region=eu-west-1", "Region", "eu-west-1"));
    }

    @ParameterizedTest(name = "case 57 (spellings): {0}")
    @MethodSource("s3OptionSpellings")
    void case57_s3OptionKeysAreCaseInsensitiveWithAliases(
            String option, String param, String expected) {
        InputSource input = InputUriParser.parse("s3://b/k," + option);

        assertThat(input.source().params()).isEqualTo(s3Params("b", "k", Map.of(param, expected)));
    }

    @Test
    void case58_s3KeyWithColonsSplitsTargetAtLastColon() {
        InputSource input = InputUriParser.parse("s3://myBucket/dir:file:001.txt:/mount/path");

        assertThat(input.source().params())
                .isEqualTo(s3Params("myBucket", "dir:file:001.txt", Map.of()));
        assertThat(input.alias()).isEqualTo("s3://myBucket/dir:file:001.txt");
        assertThat(input.target()).isEqualTo("/mount/path");
    }

    @ParameterizedTest(name = "case 59: {0}")
    @ValueSource(
            strings = {
                "https://example.com:9000/file:/mount/path",
                "src=https://example.com:9000/file,dst=/mount/path",
            })
    void case59_urlWithPort(String value) {
        InputSource input = InputUriParser.parse(value);

        assertThat(input.source())
                .isEqualTo(
                        SpecConfig.of(
                                "urlDownload", Map.of("URL", "https://example.com:9000/file")));
        assertThat(input.alias()).isEqualTo("https://example.com:9000/file");
        assertThat(input.target()).isEqualTo("/mount/path");
    }

    @Test
    void case59_urlWithPortAndNoTargetIsSplitAtThePortAsBacalhauDoes() {
        InputSource input = InputUriParser.parse("https://example.com:9000/file");

        assertThat(input.source().params()).containsEntry("URL", "https://example.com");
        assertThat(input.target()).isEqualTo("9000/file");
    }

    @Test
    void urlWithQueryStringAsFirstField() {
        InputSource input = InputUriParser.parse("http://example.com/data.csv?sig=abc=:/data");

        assertThat(input.source().params())
                .containsEntry("URL", "http://example.com/data.csv?sig=abc=");
        assertThat(input.target()).isEqualTo("/data");
    }

    @ParameterizedTest(name = "case 60: \"{0}\" is refused ({1})")
    @CsvSource(
            delimiter = '|',
            value = {
                "''|the input is empty",
                "'   '|the input is empty",
                "x=ipfs://QmcuQyVDa5CELHbLnzyuJp3M2u1Pz6pUtFUJtEJHQZp7Bk,y=/mount/path|unexpected key \"x\"",
                "ipfs://QmcuQyVDa5CELHbLnzyuJp3M2u1Pz6pUtFUJtEJHQZp7Bk,y=/mount/path|unexpected key \"y\"",
                "ipfs://QmcuQyVDa5CELHbLnzyuJp3M2u1Pz6pUtFUJtEJHQZp7Bk,dst|field \"dst\" is not KEY=VALUE",
                "dst=/mount/path|no source URI",
                "src=,dst=/mount/path|no source URI",
                "ftp://example.com/file|unknown storage schema: ftp",
                "/local/path|unknown storage schema: ",
                "git://github.com/x/y|git inputs are not supported",
                "gitlfs://github.com/x/y|gitlfs inputs are not supported",
                "ipfs://|invalid IPFS URI",
                "ipfs://Qm/sub/dir|invalid IPFS URI",
                "ipfs://" + "Qm,opt=region=x|unknown option \"region\" for ipfs input",
                "https:///file|it has no host",
                "https://example.com:port/file:/x|the port \"port\" is not a number",
                "https://exa mple.com/file|contains a character not allowed",
                "https://example.com/f,opt=region=x|unknown option \"region\" for URL input",
                "s3:///key|expected s3://BUCKET[/KEY] with a bucket",
                "s3://b/k,opt=colour=red|unknown option \"colour\" for s3 input",
                "s3://b/k,opt=region|invalid option \"region\": expected opt=KEY=VALUE",
                "s3://b/k,opt==x|invalid option \"=x\"",
                "file://|expected file:///ABSOLUTE/PATH",
                "file:///data,opt=rw=yes|invalid value \"yes\" for option \"rw\"",
                "file:///data,opt=mode=ro|unknown option \"mode\" for file input",
                "\"ipfs://Qm|cannot split",
                "ipfs://Q\"m|a quote inside an unquoted field",
                "\"ipfs://Qm\"x|text after a closing quote",
            })
    void case60_badValuesAreRefused(String value, String fragment) {
        assertBadArgument(() -> InputUriParser.parse(value), "--input", fragment);
    }

    @ParameterizedTest(name = "case 60: null is refused")
    @NullSource
    void case60_nullIsRefused(String value) {
        assertBadArgument(() -> InputUriParser.parse(value), "--input", "the input is empty");
    }

    @Test
    void unknownSchemaErrorQuotesTheUriAndListsTheAccepted() {
        var e =
                assertBadArgument(
                        () -> InputUriParser.parse("ftp://example.com/file:/x"), "--input");

        assertThat(e.getMessage())
                .isEqualTo(
                        "--input: unknown storage schema: ftp (in \"ftp://example.com/file\");"
                                + " accepted schemes: ipfs, http, https, s3, file");
    }

    @ParameterizedTest(name = "file input {0} ⇒ SourcePath {1}, ReadWrite {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "file:///data/set|/data/set|false",
                "file://host/data|host/data|false",
                "file:///data,opt=rw=true|/data|true",
                "file:///data,opt=read-write=TRUE|/data|true",
                "file:///data,opt=read_write=1|/data|true",
                "file:///data,opt=READWRITE=t|/data|true",
                "file:///data,opt=rw=false|/data|false",
            })
    void fileUriBecomesLocalSource(String value, String sourcePath, boolean readWrite) {
        InputSource input = InputUriParser.parse(value);

        assertThat(input.source().type()).isEqualTo("local");
        assertThat(input.source().params())
                .containsExactly(
                        Map.entry("SourcePath", sourcePath), Map.entry("ReadWrite", readWrite));
    }

    @Test
    void s3KeyLosesOneLeadingSlashAndBucketOnlyMeansEmptyKey() {
        assertThat(InputUriParser.parse("s3://b//k").source().params()).containsEntry("Key", "/k");
        assertThat(InputUriParser.parse("s3://b").source().params())
                .containsEntry("Bucket", "b")
                .containsEntry("Key", "");
    }

    @Test
    void quotedFieldsFollowCsvRules() {
        InputSource input = InputUriParser.parse("\"s3://b/a,b\",\"dst=/in \"\"quoted\"\"\"");

        assertThat(input.source().params()).containsEntry("Key", "a,b");
        assertThat(input.target()).isEqualTo("/in \"quoted\"");
    }

    @Test
    void schemeIsCaseInsensitiveAndSpacesAroundTheValueAreIgnored() {
        InputSource input = InputUriParser.parse("  IPFS://" + CID + ":/in  ");

        assertThat(input.source()).isEqualTo(SpecConfig.of("ipfs", Map.of("CID", CID)));
        assertThat(input.target()).isEqualTo("/in");
    }

    private static Map<String, Object> s3Params(
            String bucket, String key, Map<String, String> overrides) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("Bucket", bucket);
        params.put("Key", key);
        params.put("Region", "");
        params.put("Endpoint", "");
        params.put("ChecksumSHA256", "");
        params.put("VersionID", "");
        params.put("Filter", "");
        params.putAll(overrides);
        return params;
    }
}
