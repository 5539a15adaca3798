package io.caravel.api.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.params.SpecTypes;
import org.junit.jupiter.api.Test;

/** The tables built from the families' declarations. */
class SpecProvidersTest {

    @Test
    void theTypeSetsAreWhatTheFamiliesDeclare() {
        assertThat(SpecTypes.ENGINES).containsExactlyInAnyOrder("docker", "wasm", "noop");
        assertThat(SpecTypes.SOURCES)
                .containsExactlyInAnyOrder(
                        "ipfs",
                        "urlDownload",
                        "s3",
                        "s3managed",
                        "s3PreSigned",
                        "inline",
                        "localDirectory",
                        "local",
                        "noop");
        assertThat(SpecTypes.PUBLISHERS)
                .containsExactlyInAnyOrder("noop", "ipfs", "s3", "s3managed", "local");
    }

    @Test
    void paramsViewsAreLookedUpByRoleCaseInsensitively() {
        assertThat(SpecProviders.params(ProviderKind.ENGINE, "DOCKER")).isPresent();
        assertThat(SpecProviders.params(ProviderKind.SOURCE, "localdirectory")).isPresent();
        assertThat(SpecProviders.params(ProviderKind.PUBLISHER, "s3")).isPresent();
        assertThat(SpecProviders.params(ProviderKind.SOURCE, "docker")).isEmpty();
        assertThat(SpecProviders.params(ProviderKind.PUBLISHER, "ipfs")).isEmpty();
        assertThat(SpecProviders.params(ProviderKind.ENGINE, "noop")).isEmpty();
    }

    @Test
    void everyFamilyIsListedOnceUnderItsPackageName() {
        assertThat(SpecProviders.ALL)
                .allSatisfy(
                        p ->
                                assertThat(p.getClass().getPackageName())
                                        .isEqualTo("io.caravel.api.providers." + p.family()));
        assertThat(SpecProviders.ALL.stream().map(SpecProvider::family).distinct().count())
                .isEqualTo(SpecProviders.ALL.size());
    }
}
