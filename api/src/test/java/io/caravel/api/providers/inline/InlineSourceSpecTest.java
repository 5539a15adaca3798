package io.caravel.api.providers.inline;

import static io.caravel.api.params.SourceSpecTesting.SOURCE;
import static io.caravel.api.params.SourceSpecTesting.atSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InlineSourceSpecTest {

    private static InlineSourceSpec decode(String url) {
        return InlineSourceSpec.decode(SpecConfig.of("inline", Map.of("URL", url)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "data:text/plain;base64,aGVsbG8= | text/plain | hello",
                "data:;base64,aGVsbG8 | text/plain | hello",
                "data:,hello%20world | text/plain | hello world",
                "data:,caf%C3%A9 | text/plain | café",
                "data:,café | text/plain | café",
                "data:Text/Plain;charset=utf-8,x | text/plain | x",
                "DATA:application/octet-stream;BASE64,aGk= | application/octet-stream | hi",
                "data:application/json;base64,eyJhIjoxfQ%3D%3D | application/json | {\"a\":1}",
                "data:;base64,-_8= | text/plain | \u00fb\u00ff",
                "data:;base64,aGV%73%0Ab G8= | text/plain | hello",
                "data:,a%20é%C3%A9b€ | text/plain | a ééb€"
            })
    void decodesDataUrls(String url, String mediaType, String text) {
        InlineSourceSpec spec = decode(url);

        assertThat(spec.mediaType()).isEqualTo(mediaType);
        assertThat(spec.isGzip()).isFalse();
        byte[] expected =
                text.startsWith("\u00fb")
                        ? new byte[] {(byte) 0xfb, (byte) 0xff}
                        : text.getBytes(StandardCharsets.UTF_8);
        assertThat(spec.decode()).isEqualTo(expected);
    }

    @Test
    void gzipIsDetected() {
        InlineSourceSpec spec =
                InlineSourceSpec.of("application/gzip", new byte[] {0x1f, (byte) 0x8b, 8});

        assertThat(spec.url()).isEqualTo("data:application/gzip;base64,H4sI");
        assertThat(spec.isGzip()).isTrue();
        assertThat(spec.decode()).containsExactly(0x1f, 0x8b, 8);
    }

    @Test
    void decodesLargeDataWrappedOrNot() {
        byte[] data = new byte[64 * 1024];
        new Random(15).nextBytes(data);
        InlineSourceSpec spec = InlineSourceSpec.of("application/wasm", data);
        String wrapped =
                "data:application/wasm;base64," + Base64.getMimeEncoder().encodeToString(data);

        assertThat(decode(spec.url()).decode()).isEqualTo(data);
        assertThat(decode(wrapped).decode()).isEqualTo(data);
    }

    @Test
    void roundTrips() {
        InlineSourceSpec spec =
                InlineSourceSpec.of("text/plain", "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(spec.toParams()).isEqualTo(Map.of("URL", spec.url()));
        assertThat(decode(spec.url())).isEqualTo(spec);
        assertThat(InlineSourceSpec.decode(SpecConfig.of("inline", Map.of("url", spec.url()))))
                .isEqualTo(spec);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'' | invalid inline params: url cannot be empty",
                "'   ' | invalid inline params: url cannot be empty",
                "https://example.com/x | inline URL must be a data URL",
                "data:text/plain;base64 | invalid data URL: no ','",
                "data:text/plain;base64,**** | invalid data URL: the data is not valid base64",
                "data:,100%  | invalid data URL: bad percent-encoding",
                "data:,%zz | invalid data URL: bad percent-encoding",
                "data:text,x | invalid data URL media type",
                "data:text/plain;oops,x | invalid data URL parameter"
            })
    void refuses(String url, String message) {
        Problems problems = atSource();

        InlineSourceSpec.from(SpecConfig.of("inline", Map.of("URL", url)), problems);

        assertThat(problems.list())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo(SOURCE + ".Params.URL");
                            assertThat(p.message()).startsWith(message);
                        });
    }

    @Test
    void sizeLimit() {
        String prefix = "data:,";
        String atLimit = prefix + "a".repeat(InlineSourceSpec.MAX_ENCODED_BYTES - prefix.length());
        String over = atLimit + "é";
        Problems ok = atSource();
        Problems tooBig = atSource();

        InlineSourceSpec.from(SpecConfig.of("inline", Map.of("URL", atLimit)), ok);
        InlineSourceSpec.from(SpecConfig.of("inline", Map.of("URL", over)), tooBig);

        assertThat(ok.list()).isEmpty();
        assertThat(tooBig.list())
                .extracting(Problem::message)
                .containsExactly(
                        "inline data is "
                                + (InlineSourceSpec.MAX_ENCODED_BYTES + 2)
                                + " bytes, above the 1 MiB limit; use a urlDownload, S3 or IPFS input instead");
    }

    @Test
    void accessorsOnAMalformedUrlThrowCaravelException() {
        InlineSourceSpec spec = new InlineSourceSpec("not a data url");

        assertThatThrownBy(spec::decode)
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID));
        assertThatThrownBy(spec::mediaType).isInstanceOf(CaravelException.class);
        assertThatThrownBy(spec::isGzip).isInstanceOf(CaravelException.class);
        assertThatThrownBy(() -> new InlineSourceSpec("data:;base64,@@").decode())
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("not valid base64");
    }

    @Test
    void wrongTypeIsAProblem() {
        Problems problems = atSource();

        InlineSourceSpec spec =
                InlineSourceSpec.from(SpecConfig.of("inline", Map.of("URL", Map.of())), problems);

        assertThat(spec.url()).isEmpty();
        assertThat(problems.list())
                .extracting(Problem::toString)
                .containsExactly(SOURCE + ".Params.URL: invalid type: 'object' expected: 'string'");
    }
}
