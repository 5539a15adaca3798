package io.caravel.activities.providers.url;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bacalhau's file name rule (BACALHAU-SPEC section 12, cases 84-85). */
class DownloadFileNameTest {
    private static final URI CDN = URI.create("http://127.0.0.1/cdn/300/");

    @Test
    void theFinalPathsBaseNameWithoutAHeader() {
        assertThat(
                        DownloadFileName.of(
                                URI.create("http://h/a/b/third.txt"), true, Optional.empty()))
                .isEqualTo("third.txt");
        assertThat(DownloadFileName.of(CDN, true, Optional.empty())).isEqualTo("300");
        assertThat(
                        DownloadFileName.of(
                                URI.create("http://h/dir/na%C3%AFve%20name.csv"),
                                false,
                                Optional.empty()))
                .isEqualTo("naïve name.csv");
    }

    @Test
    void contentDispositionWinsOnlyAfterARedirect() {
        Optional<String> header = Optional.of("attachment; filename*=UTF-8''300.jpg");
        assertThat(DownloadFileName.of(CDN, true, header)).isEqualTo("300.jpg");
        assertThat(DownloadFileName.of(URI.create("http://h/x.jpg"), false, header))
                .isEqualTo("x.jpg");
    }

    @Test
    void maliciousNamesKeepOnlyTheirBaseName() {
        assertThat(
                        DownloadFileName.of(
                                CDN, true, Optional.of("attachment; filename=\"../../300.jpg\"")))
                .isEqualTo("300.jpg");
        assertThat(DownloadFileName.of(CDN, true, Optional.of("attachment; filename=/etc/300.jpg")))
                .isEqualTo("300.jpg");
        assertThat(DownloadFileName.sanitize("..")).hasSize(36);
        assertThat(DownloadFileName.sanitize("a\u0000b\nc")).isEqualTo("abc");
        assertThat(
                        DownloadFileName.sanitize("é".repeat(200))
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(DownloadFileName.MAX_BYTES);
    }

    @Test
    void extendedFilenameIsPreferredToThePlainOne() {
        assertThat(
                        DownloadFileName.fromDisposition(
                                "attachment; filename=\"plain.txt\"; filename*=UTF-8''ext%C3%A9.txt"))
                .contains("exté.txt");
        assertThat(DownloadFileName.fromDisposition("inline")).isEmpty();
    }
}
