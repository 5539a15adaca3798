package io.caravel.api.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerEngineSpecTest {

    private static SpecConfig docker(Map<String, ?> params) {
        return SpecConfig.of("docker", params);
    }

    private static Map<String, Object> withImage(String key, Object value) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("Image", "ubuntu:24.04");
        params.put(key, value);
        return params;
    }

    private static List<Problem> problemsOf(SpecConfig config) {
        Problems problems = new Problems();
        DockerEngineSpec.from(config, problems.at("Tasks").index(0).at("Engine"));
        return problems.list();
    }

    @Test
    void readsEveryParam() {
        DockerEngineSpec spec =
                DockerEngineSpec.decode(
                        docker(
                                Map.of(
                                        "Image", "ubuntu:24.04",
                                        "Entrypoint", List.of("/bin/sh", "-c"),
                                        "Parameters", List.of("echo hi"),
                                        "EnvironmentVariables", List.of("A=1", "B=x=y"),
                                        "WorkingDirectory", "/work")));

        assertThat(spec)
                .isEqualTo(
                        new DockerEngineSpec(
                                "ubuntu:24.04",
                                List.of("/bin/sh", "-c"),
                                List.of("echo hi"),
                                List.of("A=1", "B=x=y"),
                                "/work"));
    }

    @Test
    void decodesLowerCaseKeys() {
        DockerEngineSpec spec =
                DockerEngineSpec.decode(
                        SpecConfig.of(
                                "Docker",
                                Map.of(
                                        "image", "alpine",
                                        "entrypoint", List.of("ls"),
                                        "parameters", List.of("-l"),
                                        "environmentvariables", List.of("A=1"),
                                        "workingdirectory", "/tmp")));

        assertThat(spec)
                .isEqualTo(
                        new DockerEngineSpec(
                                "alpine", List.of("ls"), List.of("-l"), List.of("A=1"), "/tmp"));
    }

    @Test
    void roundTripsThroughCanonicalParams() {
        DockerEngineSpec spec =
                new DockerEngineSpec(
                        "ubuntu", List.of("sh"), List.of("-c", "true"), List.of("FOO=bar"), "/app");

        assertThat(spec.toParams())
                .containsOnlyKeys(
                        "Image",
                        "Entrypoint",
                        "Parameters",
                        "EnvironmentVariables",
                        "WorkingDirectory");
        assertThat(DockerEngineSpec.decode(SpecConfig.of("docker", spec.toParams())))
                .isEqualTo(spec);
        DockerEngineSpec empty = new DockerEngineSpec("x", null, null, null, null);
        assertThat(DockerEngineSpec.decode(SpecConfig.of("docker", empty.toParams())))
                .isEqualTo(empty);
    }

    @Test
    void case47_emptyImageIsRejected() {
        assertThat(problemsOf(docker(Map.of())))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo("Tasks[0].Engine.Params.Image");
                            assertThat(p.message())
                                    .startsWith(
                                            "invalid docker engine param: 'Image' cannot be empty");
                        });
        assertThat(problemsOf(docker(Map.of("Image", "")))).hasSize(1);
    }

    @Test
    void case47_relativeWorkingDirectoryIsRejected() {
        assertThat(problemsOf(docker(withImage("WorkingDirectory", "relative/path"))))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path())
                                    .isEqualTo("Tasks[0].Engine.Params.WorkingDirectory");
                            assertThat(p.message())
                                    .startsWith(
                                            "invalid docker engine param: 'WorkingDirectory' "
                                                    + "(\"relative/path\") must contain absolute path");
                        });
    }

    @ParameterizedTest(name = "case 48: -w \"{0}\" accepted")
    @ValueSource(strings = {"", "/", "/foo//", "/foo//bar"})
    void case48_absoluteOrEmptyWorkingDirectoryIsAccepted(String wd) {
        assertThat(problemsOf(docker(withImage("WorkingDirectory", wd)))).isEmpty();
    }

    @ParameterizedTest(name = "case 48: -w \"{0}\" rejected")
    @ValueSource(strings = {"./myDir", "../myDir", "http://foo.com"})
    void case48_relativeWorkingDirectoryIsRejected(String wd) {
        assertThat(problemsOf(docker(withImage("WorkingDirectory", wd))))
                .singleElement()
                .satisfies(
                        p ->
                                assertThat(p.message())
                                        .contains("'WorkingDirectory' (\"" + wd + "\")"));
    }

    @ParameterizedTest(name = "case 47: env {0} rejected")
    @ValueSource(
            strings = {"BACALHAU_TEST=value", "bacalhau_test=value", "Bacalhau_X", "BACALHAU_="})
    void case47_reservedEnvironmentNamesAreRejected(String entry) {
        String name = entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry;

        assertThat(problemsOf(docker(withImage("EnvironmentVariables", List.of("OK=1", entry)))))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path())
                                    .isEqualTo("Tasks[0].Engine.Params.EnvironmentVariables[1]");
                            assertThat(p.message())
                                    .startsWith(
                                            "invalid docker engine param: environment variable '"
                                                    + name
                                                    + "' cannot start with BACALHAU_");
                        });
    }

    @Test
    void case47_ordinaryEnvironmentNamesAreAccepted() {
        assertThat(
                        problemsOf(
                                docker(
                                        withImage(
                                                "EnvironmentVariables",
                                                List.of("VALID_VAR=value", "MY_BACALHAU=value")))))
                .isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        List<Problem> problems =
                problemsOf(
                        docker(
                                Map.of(
                                        "WorkingDirectory",
                                        "rel",
                                        "EnvironmentVariables",
                                        List.of("BACALHAU_A=1"))));

        assertThat(problems)
                .extracting(Problem::path)
                .containsExactly(
                        "Tasks[0].Engine.Params.Image",
                        "Tasks[0].Engine.Params.WorkingDirectory",
                        "Tasks[0].Engine.Params.EnvironmentVariables[0]");
    }

    @Test
    void wrongTypesAreProblemsNotExceptions() {
        List<Problem> problems =
                problemsOf(
                        docker(
                                Map.of(
                                        "Image",
                                        42,
                                        "Parameters",
                                        "x",
                                        "Entrypoint",
                                        List.of("ok", 7),
                                        "EnvironmentVariables",
                                        Map.of("A", "1"),
                                        "WorkingDirectory",
                                        true)));

        assertThat(problems)
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "Tasks[0].Engine.Params.Image",
                        "Tasks[0].Engine.Params.Parameters",
                        "Tasks[0].Engine.Params.Entrypoint[1]",
                        "Tasks[0].Engine.Params.EnvironmentVariables",
                        "Tasks[0].Engine.Params.WorkingDirectory");
        assertThat(problems)
                .filteredOn(p -> p.path().endsWith("Image"))
                .singleElement()
                .satisfies(
                        p ->
                                assertThat(p.message())
                                        .isEqualTo("invalid type: 'number' expected: 'string'"));
        assertThat(problems)
                .filteredOn(p -> p.path().endsWith("Parameters"))
                .singleElement()
                .satisfies(
                        p ->
                                assertThat(p.message())
                                        .isEqualTo("invalid type: 'string' expected: '[]string'"));
    }

    @Test
    void wrongTypeGivesBestEffortValue() {
        DockerEngineSpec spec =
                DockerEngineSpec.from(
                        docker(Map.of("Image", "a", "Entrypoint", List.of("ok", 7))),
                        new Problems());

        assertThat(spec)
                .isEqualTo(new DockerEngineSpec("a", List.of("ok"), List.of(), List.of(), ""));
    }

    @Test
    void otherTypeOrMissingConfigIsReported() {
        Problems problems = new Problems();
        DockerEngineSpec.from(SpecConfig.of("wasm", Map.of("Image", "x")), problems.at("Engine"));
        DockerEngineSpec spec = DockerEngineSpec.from(null, problems.at("Other"));

        assertThat(problems.list())
                .extracting(Problem::path)
                .containsExactly("Engine.Type", "Other", "Other.Params.Image");
        assertThat(problems.list().get(0).message()).contains("expected 'docker'", "'wasm'");
        assertThat(spec.image()).isEmpty();
    }

    @Test
    void decodeThrowsSpecInvalidWithEveryProblem() {
        assertThatThrownBy(() -> DockerEngineSpec.decode(docker(Map.of("WorkingDirectory", "x"))))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                            assertThat(e.problems())
                                    .extracting(Problem::path)
                                    .containsExactly("Params.Image", "Params.WorkingDirectory");
                        });
    }

    @Test
    void environmentParsesEntriesAndDropsThoseWithoutEquals() {
        DockerEngineSpec spec =
                new DockerEngineSpec(
                        "x", null, null, List.of("A=1", "B=x=y", "NOEQ", "EMPTY=", "A=2"), "");

        assertThat(spec.environment())
                .containsExactly(
                        Map.entry("A", "2"), Map.entry("B", "x=y"), Map.entry("EMPTY", ""));
    }
}
