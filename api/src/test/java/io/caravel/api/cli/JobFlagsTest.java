package io.caravel.api.cli;

import static io.caravel.api.cli.CliErrors.assertBadArgument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobFlagsTest {
    @ParameterizedTest(name = "case 64: --target={0} ⇒ {1}")
    @CsvSource({"any, batch", "all, ops"})
    void case64_targetSelectsJobType(String target, String jobType) {
        assertThat(JobFlags.jobTypeForTarget(target)).isEqualTo(jobType);
    }

    @ParameterizedTest(name = "case 64: --target={0} is refused")
    @NullSource
    @ValueSource(strings = {"batch", "ops", "ANY", " any", ""})
    void case64_otherTargetsAreRefused(String target) {
        assertBadArgument(
                () -> JobFlags.jobTypeForTarget(target),
                "--target",
                "invalid target \"" + target + "\"; accepted: any, all");
    }

    @ParameterizedTest(name = "case 46: --network={0} ⇒ {1}")
    @CsvSource({
        "default, DEFAULT",
        "none, NONE",
        "host, HOST",
        "full, FULL",
        "http, HTTP",
        "bridge, BRIDGE",
        "HTTP, HTTP",
        "Bridge, BRIDGE",
        "' none ', NONE",
    })
    void case46_networkNamesAreCaseInsensitive(String value, NetworkType expected) {
        assertThat(JobFlags.parseNetwork(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "case 46: --network={0} is refused")
    @NullSource
    @ValueSource(strings = {"invalid", "", "https"})
    void case46_invalidNetworkIsRefused(String value) {
        assertBadArgument(
                () -> JobFlags.parseNetwork(value),
                "--network",
                "invalid network \""
                        + value
                        + "\"; accepted: default, none, host, full, http, bridge");
    }

    static Stream<Arguments> acceptedNetworks() {
        return Stream.of(
                Arguments.of(
                        "http",
                        List.of(),
                        new NetworkConfig(NetworkType.HTTP, List.of(), List.of())),
                Arguments.of(
                        "HTTP",
                        List.of("example.com", ".foo.org"),
                        new NetworkConfig(
                                NetworkType.HTTP, List.of("example.com", ".foo.org"), List.of())),
                Arguments.of(
                        "none",
                        List.of(),
                        new NetworkConfig(NetworkType.NONE, List.of(), List.of())),
                Arguments.of(
                        "bridge",
                        null,
                        new NetworkConfig(NetworkType.BRIDGE, List.of(), List.of())),
                Arguments.of(null, null, NetworkConfig.DEFAULT));
    }

    @ParameterizedTest(name = "case 46: --network={0} --domain={1} accepted")
    @MethodSource("acceptedNetworks")
    void case46_networkWithDomains(String network, List<String> domains, NetworkConfig expected) {
        assertThat(JobFlags.networkFor(network, domains)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "case 46: --network={0} --domain=example.com is refused")
    @NullSource
    @ValueSource(strings = {"none", "default", "host", "full", "bridge"})
    void case46_domainsNeedHttp(String network) {
        assertBadArgument(
                () -> JobFlags.networkFor(network, List.of("example.com")),
                "--domain",
                "can only be set for HTTP network mode");
    }

    @Test
    void case46_invalidNetworkWithDomainsReportsTheNetwork() {
        assertBadArgument(
                () -> JobFlags.networkFor("invalid", List.of("example.com")),
                "--network",
                "invalid network \"invalid\"");
    }

    static Stream<Arguments> envValues() {
        return Stream.of(
                Arguments.of(List.of("FOO=bar", "BAZ=buz"), Map.of("FOO", "bar", "BAZ", "buz")),
                Arguments.of(List.of("FOO=bar,BAZ=buz"), Map.of("FOO", "bar", "BAZ", "buz")),
                Arguments.of(List.of("LIST=a,b,c"), Map.of("LIST", "a,b,c")),
                Arguments.of(List.of("\"QUOTED=x y\""), Map.of("QUOTED", "x y")),
                Arguments.of(List.of("EXPR=a=b"), Map.of("EXPR", "a=b")),
                Arguments.of(List.of("A=1,\"B=x,y\""), Map.of("A", "1", "B", "x,y")),
                Arguments.of(List.of("EMPTY="), Map.of("EMPTY", "")),
                Arguments.of(List.of("REF=env:HOST_VAR"), Map.of("REF", "env:HOST_VAR")),
                Arguments.of(List.of("A=1", "A=2"), Map.of("A", "2")));
    }

    @ParameterizedTest(name = "case 67: --env {0}")
    @MethodSource("envValues")
    void case67_envPairs(List<String> values, Map<String, String> expected) {
        assertThat(JobFlags.parseEnv(values)).isEqualTo(expected);
    }

    @Test
    void case67_envKeepsOrderAndSkipsNothingGiven() {
        assertThat(JobFlags.parseEnv(Arrays.asList("Z=1", null, "A=2")))
                .containsExactly(entry("Z", "1"), entry("A", "2"));
        assertThat(JobFlags.parseEnv(null)).isEmpty();
    }

    @ParameterizedTest(name = "case 67: --env {0} is refused")
    @ValueSource(strings = {"FOO", "", "=bar", "A=1,B,C=2", "A=1,=2", "A=1,\"B=2"})
    void case67_badEnvIsRefused(String value) {
        assertBadArgument(() -> JobFlags.parseEnv(List.of(value)), "--env");
    }
}
