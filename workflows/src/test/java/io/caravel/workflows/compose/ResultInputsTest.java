package io.caravel.workflows.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Published results read back as inputs, as each family declares it (pure code in workflows). */
class ResultInputsTest {

    @Test
    void anIpfsResultIsAnIpfsInputOfItsCid() {
        InputSource in =
                ResultInputs.fromPublished(
                        SpecConfig.of("ipfs", Map.of("CID", "bafy1")), "/inputs", "j-0");

        assertThat(in)
                .isEqualTo(
                        new InputSource(
                                SpecConfig.of("ipfs", Map.of("CID", "bafy1")), "j-0", "/inputs"));
    }

    @Test
    void anS3ResultIsAnS3InputOfItsExactObjectVersionWithItsKeysInOrder() {
        SpecConfig published =
                SpecConfig.of(
                        "S3",
                        Map.of(
                                "Bucket", "b",
                                "Key", "out/e-1.tar.gz",
                                "Endpoint", "http://127.0.0.1:7070",
                                "Region", "us-east-1",
                                "VersionID", "v1",
                                "ChecksumSHA256", "c2hh",
                                "Filter", "ignored"));

        InputSource in = ResultInputs.fromPublished(published, "/in", "a");

        assertThat(in.source().type()).isEqualTo("s3");
        assertThat(in.source().params().keySet())
                .containsExactly(
                        "Bucket", "Key", "Endpoint", "Region", "VersionID", "ChecksumSHA256");
        assertThat(in.source().params())
                .containsEntry("Key", "out/e-1.tar.gz")
                .containsEntry("VersionID", "v1");
    }

    @Test
    void urlAndPreSignedResultsAreUrlDownloadInputs() {
        assertThat(
                        ResultInputs.fromPublished(
                                        SpecConfig.of(
                                                "urlDownload", Map.of("URL", "http://n/r.tar.gz")),
                                        "/in",
                                        "a")
                                .source())
                .isEqualTo(SpecConfig.of("urlDownload", Map.of("URL", "http://n/r.tar.gz")));
        assertThat(
                        ResultInputs.fromPublished(
                                        SpecConfig.of(
                                                "s3PreSigned",
                                                Map.of("PreSignedURL", "https://s/o?sig")),
                                        "/in",
                                        "a")
                                .source())
                .isEqualTo(SpecConfig.of("urlDownload", Map.of("URL", "https://s/o?sig")));
    }

    @Test
    void aResultNoFamilyReadsBackIsUnsupported() {
        assertThatThrownBy(
                        () ->
                                ResultInputs.fromPublished(
                                        SpecConfig.of("NoOp", Map.of()), "/in", "a"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE))
                .hasMessage("a published result of type \"noop\" cannot be used as an input");
    }
}
