package io.caravel.api.spec;

import static io.caravel.api.spec.Jobs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.PortMapping;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.model.TimeoutConfig;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BACALHAU-SPEC.md section 12, "Task / SpecConfig" and "Timeouts": cases 15-35. */
class TaskConformanceTest {

    private static Task validTask() {
        return Task.builder()
                .name("main")
                .engine(SpecConfig.of("docker", Map.of("Image", "ubuntu:latest")))
                .inputSources(
                        List.of(
                                new InputSource(
                                        SpecConfig.of(
                                                "urlDownload",
                                                Map.of("URL", "http://example.com/1")),
                                        "",
                                        "/input1"),
                                new InputSource(
                                        SpecConfig.of(
                                                "urlDownload",
                                                Map.of("URL", "http://example.com/2")),
                                        "",
                                        "/input2")))
                .resultPaths(
                        List.of(
                                new ResultPath("output1", "/output1"),
                                new ResultPath("output2", "/output2")))
                .publisher(SpecConfig.of("s3", Map.of("Bucket", "b", "Key", "k")))
                .build();
    }

    private static String submission(UnaryOperator<Task.Builder> change) {
        Job job = Jobs.job("batch").task(change.apply(validTask().toBuilder()).build()).build();
        return messages(JobValidator.validateSubmission(job));
    }

    private static String full(UnaryOperator<Task.Builder> change) {
        Job job = Jobs.job("batch").task(change.apply(validTask().toBuilder()).build()).build();
        return messages(JobValidator.validate(job));
    }

    @Test
    @DisplayName("case 15: a valid docker task with two inputs, two outputs and an s3 publisher")
    void validTaskPasses() {
        assertThat(full(b -> b)).isEmpty();
    }

    @Test
    @DisplayName("case 16: missing task name")
    void missingName() {
        assertThat(submission(b -> b.name(""))).contains("Tasks[0].Name: missing task name");
    }

    @Test
    @DisplayName("case 17: duplicate alias")
    void duplicateAlias() {
        assertThat(
                        submission(
                                b ->
                                        b.inputSources(
                                                List.of(
                                                        new InputSource(
                                                                SpecConfig.of(
                                                                        "urlDownload",
                                                                        Map.of(
                                                                                "URL",
                                                                                "http://a.com/x")),
                                                                "input1",
                                                                "/a"),
                                                        new InputSource(
                                                                SpecConfig.of(
                                                                        "urlDownload",
                                                                        Map.of(
                                                                                "URL",
                                                                                "http://a.com/y")),
                                                                "input1",
                                                                "/b")))))
                .contains(
                        "Tasks[0].InputSources[1].Alias: input source with alias 'input1' already exists");
    }

    @Test
    @DisplayName("case 18: duplicate target")
    void duplicateTarget() {
        assertThat(
                        submission(
                                b ->
                                        b.inputSources(
                                                List.of(
                                                        new InputSource(
                                                                SpecConfig.of(
                                                                        "urlDownload",
                                                                        Map.of(
                                                                                "URL",
                                                                                "http://a.com/x")),
                                                                "",
                                                                "/input"),
                                                        new InputSource(
                                                                SpecConfig.of(
                                                                        "urlDownload",
                                                                        Map.of(
                                                                                "URL",
                                                                                "http://a.com/y")),
                                                                "",
                                                                "/input")))))
                .contains(
                        "Tasks[0].InputSources[1].Target: input source with target '/input' already exists");
    }

    @Test
    @DisplayName("case 19: input without target")
    void inputWithoutTarget() {
        assertThat(
                        submission(
                                b ->
                                        b.inputSources(
                                                List.of(
                                                        new InputSource(
                                                                SpecConfig.of(
                                                                        "urlDownload",
                                                                        Map.of(
                                                                                "URL",
                                                                                "http://a.com/x")),
                                                                "",
                                                                "")))))
                .contains("Tasks[0].InputSources[0].Target: input source is missing a target");
    }

    @Test
    @DisplayName("case 20: duplicate result name")
    void duplicateResultName() {
        assertThat(
                        submission(
                                b ->
                                        b.resultPaths(
                                                List.of(
                                                        new ResultPath("output", "/a"),
                                                        new ResultPath("output", "/b")))))
                .contains(
                        "Tasks[0].ResultPaths[1].Name: result path with name 'output' already exists");
    }

    @Test
    @DisplayName("case 21: duplicate result path")
    void duplicateResultPath() {
        assertThat(
                        submission(
                                b ->
                                        b.resultPaths(
                                                List.of(
                                                        new ResultPath("a", "/output"),
                                                        new ResultPath("b", "/output")))))
                .contains("Tasks[0].ResultPaths[1].Path: result path '/output' already exists");
    }

    @Test
    @DisplayName("case 22: outputs without a publisher pass submission, fail full validation")
    void outputsNeedPublisher() {
        assertThat(submission(b -> b.publisher(null))).isEmpty();
        assertThat(full(b -> b.publisher(null)))
                .contains("Tasks[0].Publisher: publisher must be set if result paths are set");
    }

    @Test
    @DisplayName("case 23: execution timeout above total passes submission, fails full validation")
    void timeoutSum() {
        UnaryOperator<Task.Builder> t = b -> b.timeouts(new TimeoutConfig(100, 0, 10));
        assertThat(submission(t)).isEmpty();
        assertThat(full(t)).contains("should be less than total timeout");
    }

    @Test
    @DisplayName("case 24: negative execution timeout")
    void negativeTimeout() {
        assertThat(submission(b -> b.timeouts(new TimeoutConfig(-1, 0, 0))))
                .contains(
                        "Tasks[0].Timeouts.ExecutionTimeout: invalid execution timeout value: -1s");
    }

    @Test
    @DisplayName("case 25: negative CPU")
    void negativeCpu() {
        assertThat(submission(b -> b.resources(new ResourcesConfig("-1", "", "", ""))))
                .contains("Tasks[0].Resources.CPU: invalid CPU value: -1.000000");
    }

    @Test
    @DisplayName("case 26: env names may not start with BACALHAU_")
    void reservedEnvName() {
        assertThat(submission(b -> b.env(Map.of("BACALHAU_TEST", "value"))))
                .contains(
                        "Tasks[0].Env[BACALHAU_TEST]: environment variable 'BACALHAU_TEST' cannot start with BACALHAU_");
    }

    @Test
    @DisplayName("case 27: VALID_VAR and MY_BACALHAU are fine")
    void validEnvNames() {
        assertThat(submission(b -> b.env(Map.of("VALID_VAR", "v", "MY_BACALHAU", "v")))).isEmpty();
    }

    @Test
    @DisplayName("case 28: unknown network type is refused when read")
    void unknownNetworkType() {
        String json =
                "{\"Name\":\"j\",\"Type\":\"batch\",\"Tasks\":[{\"Name\":\"main\",\"Engine\":{\"Type\":\"noop\"},"
                        + "\"Network\":{\"Type\":999}}]}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobSpecs.parseSpecFile(json))
                .isInstanceOfSatisfying(
                        io.caravel.api.errors.CaravelException.class,
                        e ->
                                assertThat(messages(e))
                                        .contains(
                                                "Tasks[0].Network.Type: invalid networking type \"999\""));
    }

    @Test
    @DisplayName("case 29: port name must be an env-var name")
    void portName() {
        assertThat(
                        submission(
                                b ->
                                        b.network(
                                                new NetworkConfig(
                                                        NetworkType.HOST,
                                                        List.of(),
                                                        List.of(
                                                                new PortMapping(
                                                                        "invalid-name",
                                                                        0,
                                                                        0,
                                                                        ""))))))
                .contains("port name must be a valid environment variable name");
    }

    @Test
    @DisplayName("case 30: privileged static port")
    void privilegedPort() {
        assertThat(
                        submission(
                                b ->
                                        b.network(
                                                new NetworkConfig(
                                                        NetworkType.HOST,
                                                        List.of(),
                                                        List.of(
                                                                new PortMapping(
                                                                        "HTTP", 80, 0, ""))))))
                .contains("privileged port range");
    }

    @Test
    @DisplayName("case 31: domains only in HTTP mode")
    void domainsNeedHttp() {
        assertThat(
                        submission(
                                b ->
                                        b.network(
                                                new NetworkConfig(
                                                        NetworkType.BRIDGE,
                                                        List.of("example.com"),
                                                        List.of()))))
                .contains(
                        "Tasks[0].Network.Domains: domains can only be set for HTTP network mode");
    }

    @Test
    @DisplayName("case 32: HTTP with a domain is fine")
    void httpWithDomain() {
        assertThat(
                        submission(
                                b ->
                                        b.network(
                                                new NetworkConfig(
                                                        NetworkType.HTTP,
                                                        List.of("example.com"),
                                                        List.of()))))
                .isEmpty();
    }

    @Test
    @DisplayName("case 33: engine type must be set, any type string is accepted, engine must exist")
    void engineTypes() {
        assertThat(submission(b -> b.engine(SpecConfig.of(""))))
                .contains("Tasks[0].Engine.Type: invalid engine: missing spec type");
        assertThat(submission(b -> b.engine(SpecConfig.of("test")))).isEmpty();
        assertThat(submission(b -> b.engine(null)))
                .contains("Tasks[0].Engine: invalid engine: nil spec config");
    }

    @ParameterizedTest(name = "case 34: env name {0} refused")
    @CsvSource({"INVALID NAME", "INVALID@NAME", "lowercase", "1VAR", "BACALHAU_TEST"})
    void badEnvNames(String name) {
        assertThat(submission(b -> b.env(Map.of(name, "value"))))
                .contains("Tasks[0].Env[" + name + "]: environment variable");
    }

    @Test
    @DisplayName("case 34: literal and env: reference values pass")
    void goodEnvValues() {
        assertThat(submission(b -> b.env(Map.of("VALID_VAR", "value", "TEST_VAR", "env:HOST_VAR"))))
                .isEmpty();
    }

    @ParameterizedTest(name = "case 35: timeouts {0},{1},{2}")
    @CsvSource({
        "10,20,30,",
        "0,0,0,",
        "10,20,0,",
        "0,0,30,",
        "-10,20,30,invalid execution timeout value: -10s",
        "10,-20,30,invalid queue timeout value: -20s",
        "10,20,-30,invalid total timeout value: -30s",
        "15,20,30,execution timeout 15s and queue timeout 20s should be less than total timeout 30s"
    })
    void timeouts(long execution, long queue, long total, String expected) {
        String problems = full(b -> b.timeouts(new TimeoutConfig(execution, queue, total)));
        if (expected == null) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).contains(expected);
        }
    }

    @Test
    @DisplayName("Caravel: params of known types are checked at submission")
    void knownParamsChecked() {
        assertThat(submission(b -> b.engine(SpecConfig.of("docker", Map.of("Image", "")))))
                .contains("Tasks[0].Engine")
                .contains("'Image' cannot be empty");
    }

    @Test
    @DisplayName("case 52: WASM memory above 4 GiB is refused")
    void wasmMemoryLimit() {
        assertThat(
                        submission(
                                b ->
                                        b.engine(
                                                        SpecConfig.of(
                                                                "wasm",
                                                                Map.of("EntryModule", "/m.wasm")))
                                                .resources(new ResourcesConfig("", "5Gi", "", ""))))
                .contains("Tasks[0].Resources.Memory: requested memory exceeds the wasm limit");
    }
}
