package io.caravel.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every spec under {@code examples/} is read as a user would, and written back without loss. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private final JobSpecReader reader = new JobSpecReader();

    static Stream<Path> validExamples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @Test
    void theExamplesAreThere() throws IOException {
        assertThat(validExamples().map(p -> p.getFileName().toString()))
                .contains(
                        "docker-hello.yaml",
                        "nameless.yaml",
                        "custom-engine.yaml",
                        "wasm-legacy.yaml");
    }

    @ParameterizedTest(name = "{0} is valid and survives a round trip")
    @MethodSource("validExamples")
    void exampleParsesAndRoundTrips(Path file) throws IOException {
        Job job = JobSpecs.parseSpecFile(Files.readAllBytes(file)).job();
        assertThat(job.tasks()).hasSize(1);

        assertThat(reader.readSpecFile(JobSpecWriter.toSpecJson(job)).job()).isEqualTo(job);
        assertThat(reader.readSpecFile(JobSpecWriter.toSpecYaml(job)).job()).isEqualTo(job);
        Job identified = JobSpecs.assignIdentity(job, "j-00000000-0000-0000-0000-000000000000");
        assertThat(reader.readJobDocument(JobSpecWriter.toJson(identified)).job())
                .isEqualTo(identified);
    }

    @Test
    void lowerCaseFixtureReadsAsPascalCase() throws IOException {
        Job job =
                JobSpecs.parseSpecFile(Files.readAllBytes(EXAMPLES.resolve("docker-hello.yaml")))
                        .job();
        assertThat(job.name()).isEqualTo("docker-hello");
        assertThat(job.tasks().get(0).engine().type()).isEqualTo("docker");
        assertThat(JobSpecWriter.toSpecYaml(job))
                .contains("Name:")
                .contains("Tasks:")
                .doesNotContain("\nname:");
    }

    @Test
    void customEngineIsKeptAsWritten() throws IOException {
        Job job =
                JobSpecs.parseSpecFile(Files.readAllBytes(EXAMPLES.resolve("custom-engine.yaml")))
                        .job();
        assertThat(job.tasks().get(0).engine().type()).isEqualTo("my-custom-engine");
        assertThat(job.tasks().get(0).engine().params()).containsKey("Nested");
    }

    @Test
    void legacyWasmIsConverted() throws IOException {
        Job job =
                JobSpecs.parseSpecFile(Files.readAllBytes(EXAMPLES.resolve("wasm-legacy.yaml")))
                        .job();
        var task = job.tasks().get(0);
        assertThat(task.engine().params()).containsEntry("EntryModule", "/wasm/entry.wasm");
        assertThat(task.inputSources())
                .singleElement()
                .satisfies(s -> assertThat(s.target()).isEqualTo("/wasm/entry.wasm"));
    }

    @Test
    void emptyExampleIsRefused() {
        assertThatThrownBy(
                        () ->
                                JobSpecs.parseSpecFile(
                                        Files.readAllBytes(EXAMPLES.resolve("invalid/empty.yaml"))))
                .hasMessageContaining("no content provided");
    }

    @Test
    void serverFieldsExampleIsRefused() {
        assertThatThrownBy(
                        () ->
                                JobSpecs.parseSpecFile(
                                        Files.readAllBytes(
                                                EXAMPLES.resolve("invalid/server-fields.yaml"))))
                .hasMessageContaining("field: 'ID' in 'Job' is not allowed")
                .hasMessageContaining("field: 'State' in 'Job' is not allowed");
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        assertThatThrownBy(
                        () ->
                                JobSpecs.parseSpecFile(
                                        Files.readAllBytes(
                                                EXAMPLES.resolve("invalid/many-problems.yaml"))))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(Jobs.messages(e))
                                        .contains("Type: invalid job type: \"Batch\"")
                                        .contains("Count: job count must be >= 0")
                                        .contains("Tasks[0].Name: missing task name")
                                        .contains("Tasks[0].Engine.Params")
                                        .contains(
                                                "Tasks[0].Env[lower]: environment variable 'lower' must be uppercase")
                                        .contains(
                                                "Tasks[0].InputSources[0].Target: input source is missing a target")
                                        .contains("Tasks[0].InputSources[0].Source.Params")
                                        .contains(
                                                "Tasks[0].ResultPaths[0].Path: result path `out` must be absolute")
                                        .contains("Tasks[0].Resources.CPU: invalid CPU value: 1.5m")
                                        .contains(
                                                "Tasks[0].Resources.Memory: invalid memory value: lots")
                                        .contains(
                                                "Tasks[0].Network.Domains: domains can only be set for HTTP network mode")
                                        .contains(
                                                "Tasks[0].Timeouts.ExecutionTimeout: invalid execution timeout value: -10s"));
    }
}
