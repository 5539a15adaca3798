package io.caravel.api.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.PortMapping;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PortsTest {

    private static List<Problem> validate(NetworkType type, PortMapping... ports) {
        Problems problems = new Problems();
        Ports.validate(
                new NetworkConfig(type, List.of(), Arrays.asList(ports)),
                problems.at("Tasks").index(0).at("Network"));
        return problems.list();
    }

    private static PortMapping port(String name, int staticPort, int target) {
        return new PortMapping(name, staticPort, target, "");
    }

    @Test
    void case43AcceptsANamedPort() {
        assertThat(validate(NetworkType.HOST, port("http", 8080, 0))).isEmpty();
        assertThat(validate(NetworkType.BRIDGE, port("http", 8080, 80), port("_metrics9", 0, 9090)))
                .isEmpty();
        assertThat(validate(NetworkType.FULL, new PortMapping("HTTP", 0, 0, "127.0.0.1")))
                .isEmpty();
        assertThat(validate(NetworkType.BRIDGE, new PortMapping("v6", 65535, 65535, "::1")))
                .isEmpty();
    }

    @Test
    void case43RequiresAName() {
        assertThat(validate(NetworkType.HOST, port("", 8080, 0)))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo("Tasks[0].Network.Ports[0].Name");
                            assertThat(p.message()).startsWith("port mapping name is required");
                        });
    }

    @Test
    void case29NameMustBeAnEnvironmentVariableName() {
        assertThat(validate(NetworkType.HOST, port("invalid-name", 8080, 0)))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo("Tasks[0].Network.Ports[0].Name");
                            assertThat(p.message())
                                    .startsWith(
                                            "port name must be a valid environment variable name: invalid-name");
                        });
        assertThat(validate(NetworkType.HOST, port("1http", 0, 0)))
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("valid environment variable name: 1http");
    }

    @Test
    void nameMustFitInAVariableOf256Characters() {
        assertThat(validate(NetworkType.HOST, port("N".repeat(237), 0, 0))).isEmpty();
        assertThat(validate(NetworkType.HOST, port("N".repeat(238), 0, 0)))
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .startsWith("port name too long (max 237 characters)");
    }

    @Test
    void case30StaticPortMustNotBePrivilegedOrAboveTheMaximum() {
        assertThat(validate(NetworkType.HOST, port("HTTP", 80, 0)))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo("Tasks[0].Network.Ports[0].Static");
                            assertThat(p.message())
                                    .startsWith(
                                            "static port 80 is in privileged port range (1-1023)");
                        });
        assertThat(validate(NetworkType.HOST, port("HTTP", 1023, 0)))
                .extracting(Problem::message)
                .singleElement()
                .asString()
                .startsWith("static port 1023 is in privileged port range (1-1023)");
        assertThat(validate(NetworkType.HOST, port("HTTP", 1024, 0))).isEmpty();
        assertThat(validate(NetworkType.HOST, port("HTTP", 65536, 0)))
                .extracting(Problem::message)
                .containsExactly("static port 65536 is above maximum valid port 65535");
        assertThat(validate(NetworkType.HOST, port("HTTP", -1, 0)))
                .extracting(Problem::message)
                .singleElement()
                .asString()
                .startsWith("static port -1 is negative");
    }

    @Test
    void targetMustBeAPortNumber() {
        assertThat(validate(NetworkType.BRIDGE, port("a", 0, 65536), port("b", 0, -1)))
                .extracting(Problem::path, Problem::message)
                .containsExactly(
                        tuple(
                                "Tasks[0].Network.Ports[0].Target",
                                "invalid target port 65536; use 0..65535"),
                        tuple(
                                "Tasks[0].Network.Ports[1].Target",
                                "invalid target port -1; use 0..65535"));
    }

    @ParameterizedTest(name = "{0} mode refuses a target port")
    @EnumSource(
            value = NetworkType.class,
            names = {"HOST", "FULL"})
    void hostModeRefusesTargetPorts(NetworkType type) {
        assertThat(validate(type, port("http", 8080, 80)))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo("Tasks[0].Network.Ports[0].Target");
                            assertThat(p.message())
                                    .startsWith("target ports cannot be set for Host network mode");
                        });
    }

    @Test
    void hostNetworkMustBeEmptyOrAnIpAddress() {
        assertThat(validate(NetworkType.BRIDGE, new PortMapping("http", 0, 0, "localhost")))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo("Tasks[0].Network.Ports[0].HostNetwork");
                            assertThat(p.message())
                                    .startsWith("invalid host network IP address: localhost");
                        });
    }

    @Test
    void refusesDuplicateNamesStaticPortsAndBridgeTargets() {
        List<Problem> problems =
                validate(
                        NetworkType.BRIDGE,
                        port("web", 8080, 80),
                        port("web", 8080, 80),
                        port("other", 0, 0),
                        port("again", 0, 0));
        assertThat(problems)
                .extracting(Problem::path, Problem::message)
                .containsExactly(
                        tuple(
                                "Tasks[0].Network.Ports[1].Name",
                                "duplicate port mapping name \"web\"; each port needs its own name"),
                        tuple(
                                "Tasks[0].Network.Ports[1].Static",
                                "duplicate port mapping static port 8080; each port needs its own static port"),
                        tuple(
                                "Tasks[0].Network.Ports[1].Target",
                                "duplicate port mapping target port 80; each port needs its own target port"));
    }

    @Test
    void zeroStaticAndTargetPortsAreNotDuplicates() {
        assertThat(validate(NetworkType.BRIDGE, port("a", 0, 0), port("b", 0, 0))).isEmpty();
        assertThat(validate(NetworkType.HOST, port("a", 0, 0), port("b", 0, 0))).isEmpty();
    }

    @ParameterizedTest(name = "{0} mode refuses ports")
    @EnumSource(
            value = NetworkType.class,
            names = {"DEFAULT", "NONE", "HTTP"})
    void portsOnlyInHostOrBridgeMode(NetworkType type) {
        assertThat(validate(type, port("http", 8080, 0)))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo("Tasks[0].Network.Ports");
                            assertThat(p.message())
                                    .startsWith(
                                            "ports can only be set for Host or Bridge network modes");
                        });
    }

    @Test
    void reportsEveryProblemOfEveryPort() {
        assertThat(validate(NetworkType.NONE, port("bad name", 80, 0), null))
                .extracting(Problem::path)
                .containsExactly(
                        "Tasks[0].Network.Ports",
                        "Tasks[0].Network.Ports[0].Name",
                        "Tasks[0].Network.Ports[0].Static",
                        "Tasks[0].Network.Ports[1]");
    }

    @Test
    void nothingToCheckWithoutPorts() {
        Problems problems = new Problems();
        Ports.validate(null, problems);
        Ports.validate(NetworkConfig.DEFAULT, problems);
        Ports.validate(new NetworkConfig(NetworkType.HTTP, List.of("example.com"), null), problems);
        assertThat(problems.isEmpty()).isTrue();
    }
}
