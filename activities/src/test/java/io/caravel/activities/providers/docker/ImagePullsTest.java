package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImagePullsTest {
    @Test
    void theRegistryIsTheFirstComponentWhenItLooksLikeAHost() {
        assertThat(ImagePulls.registry("busybox")).isEqualTo(ImagePulls.DOCKER_HUB);
        assertThat(ImagePulls.registry("library/busybox:1.36")).isEqualTo(ImagePulls.DOCKER_HUB);
        assertThat(ImagePulls.registry("ghcr.io/org/tool:2")).isEqualTo("ghcr.io");
        assertThat(ImagePulls.registry("127.0.0.1:5050/team/job@sha256:abc"))
                .isEqualTo("127.0.0.1:5050");
        assertThat(ImagePulls.registry("localhost/job")).isEqualTo("localhost");
    }

    @Test
    void credentialsAreSentOnlyWhenConfigured() {
        assertThat(ImagePulls.DEFAULT.auth("ghcr.io/org/tool:2")).isEmpty();
        assertThat(new ImagePulls(false, "u", "p").auth("ghcr.io/org/tool:2"))
                .hasValueSatisfying(
                        a -> {
                            assertThat(a.getUsername()).isEqualTo("u");
                            assertThat(a.getPassword()).isEqualTo("p");
                            assertThat(a.getRegistryAddress()).isEqualTo("ghcr.io");
                        });
    }

    @Test
    void aUsernameNeedsItsPasswordAndThePasswordIsNeverPrinted() {
        assertThatThrownBy(() -> new ImagePulls(false, "u", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("username and a password");
        assertThatThrownBy(() -> new ImagePulls(false, null, "p"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ImagePulls(true, "u", "s3cr3t").toString())
                .contains("skip=true", "username=u")
                .doesNotContain("s3cr3t");
    }
}
