package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.JobStateType;
import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.assembly.NodeAssemblyModule;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.OrchestrationSettings;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every job verb, run in-process against the embedded default (test server and one worker). */
@Timeout(120)
class JobCommandsTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final Path NOOP = EXAMPLES.resolve("noop.yaml");
    private static final Pattern JOB_ID = Pattern.compile("j-[0-9a-f-]{36}");

    @RegisterExtension
    static final EmbeddedClusterExtension embedded = new EmbeddedClusterExtension();

    static String jobId(String text) {
        Matcher m = JOB_ID.matcher(text);
        assertThat(m.find()).as("a job id in %s", text).isTrue();
        return m.group();
    }

    @Test
    void runWaitsPrintsProgressTheSummaryAndTheHints() {
        Cli.Result r = embedded.cli().run("job", "run", NOOP.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        String id = jobId(r.out());
        assertThat(r.out())
                .contains("Job successfully submitted. Job ID: " + id)
                .contains("node dev: Completed")
                .contains("Job " + id + " Completed")
                .contains("exit code 0")
                .contains("  hello from caravel")
                .contains("caravel job describe " + id)
                .doesNotContain("caravel job get");
    }

    @Test
    void progressShowsTheBytesStaged() {
        String spec =
                talkingSlowJob("with input", 0)
                        + """
                    InputSources:
                      - Target: /inputs/greeting
                        Source:
                          Type: inline
                          Params:
                            URL: "data:,twelve bytes"
                """;

        Cli.Result r = embedded.cli().stdin(spec).run("job", "run", "-");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .containsPattern("e-[0-9a-f]{8} node dev: (Running|Completed) \\(staged 12 B\\)\n");
        String id = jobId(r.out());
        assertThat(embedded.cli().run("job", "describe", "--output", "json", id).out())
                .contains("\"StagedBytes\" : 12");
    }

    @Test
    void progressShowsTheRunningStepsLineFromItsHeartbeat() {
        Cli.Result r = embedded.cli().stdin(talkingSlowJob("slowly", 3)).run("job", "run", "-");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .containsPattern(
                        "e-[0-9a-f]{8} node dev: Running - (running noop engine|noop: sleeping 3s)\n");
    }

    @Test
    void getDownloadsLocalResultsIntoTheBacalhauLayout(@TempDir Path out) throws IOException {
        Path spec =
                Files.writeString(
                        out.resolve("published.yaml"),
                        Files.readString(NOOP) + "    Publisher:\n      Type: local\n");
        Cli.Result run = embedded.cli().run("job", "run", spec.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        String id = jobId(run.out());
        assertThat(run.out()).contains("caravel job get " + id);

        Path dir = out.resolve("results");
        Cli.Result get = embedded.cli().run("job", "get", id, "--output-dir", dir.toString());

        assertThat(get.code()).as(get.toString()).isZero();
        assertThat(get.out()).contains("Results of 1 execution are in");
        assertThat(Files.readString(dir.resolve("stdout"))).isEqualTo("hello from caravel");
        assertThat(Files.readString(dir.resolve("exitCode"))).isEqualTo("0");
        assertThat(dir.resolve("raw")).doesNotExist();
    }

    @Test
    void getWithoutPublishedResultsSaysSo() {
        String id = jobId(embedded.cli().run("job", "run", NOOP.toString()).out());
        Cli.Result get = embedded.cli().run("job", "get", id);
        assertThat(get.code()).isZero();
        assertThat(get.out()).contains("No results found");
    }

    @Test
    void getRefusesAServiceJobAsBacalhauDoesAndStopEndsIt() {
        Cli.Result run =
                embedded.cli()
                        .stdin(slowJob(30).replace("Type: batch", "Type: service"))
                        .run("job", "run", "--wait=false", "-");
        assertThat(run.code()).as(run.toString()).isZero();
        String id = run.out().strip();

        Cli.Result get = embedded.cli().run("job", "get", id);
        assertThat(get.code()).as(get.toString()).isNotZero();
        assertThat(get.err()).contains("job type service does not support results");
        assertThat(embedded.cli().run("job", "stop", id).code()).isZero();
        assertThat(embedded.cli().run("job", "describe", id).out()).contains("Stopped");
    }

    @Test
    void idOnlyPrintsTheIdAloneAndWaitFalseDoesNotWait() throws InterruptedException {
        Cli.Result idOnly = embedded.cli().run("job", "run", "--id-only", NOOP.toString());
        assertThat(idOnly.code()).as(idOnly.toString()).isZero();
        assertThat(idOnly.out()).matches("j-[0-9a-f-]{36}\n");

        Cli.Result noWait =
                embedded.cli().stdin(slowJob(30)).run("job", "run", "--wait=false", "-");
        assertThat(noWait.code()).as(noWait.toString()).isZero();
        assertThat(noWait.out()).matches("j-[0-9a-f-]{36}\n");
        String id = noWait.out().strip();
        // Stopping between two steps can wedge the in-memory test server (see docs/cli.md, "caravel
        // dev"):
        // the stop goes in once the job runs.
        while (!embedded.cli().run("job", "describe", id).out().contains("Running")) {
            Thread.sleep(50);
        }
        assertThat(embedded.cli().run("job", "stop", id).code()).isZero();
    }

    @Test
    void dryRunPrintsTheCanonicalYamlWithoutSubmitting() {
        Cli.Result r = Cli.at("127.0.0.1:1").run("job", "run", "--dry-run", NOOP.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .startsWith("Name: \"hello-noop\"\n")
                .contains("Type: \"noop\"")
                .contains("Stdout: \"hello from caravel\"");
    }

    @Test
    void templateVariablesFillTheSpecAndAMissingOneIsNamed(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("templated.yaml");
        Files.writeString(
                spec,
                Files.readString(NOOP)
                        .replace("hello from caravel", "'{{.Greeting}} from {{.WHO}}'"));

        Cli.Result r =
                embedded.cli()
                        .env(Map.of("WHO", "the environment"))
                        .run("job", "run", "-V", "Greeting=hi", "-E", "WHO", spec.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("  hi from the environment");

        Cli.Result missing = embedded.cli().run("job", "run", "--dry-run", spec.toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err())
                .startsWith(
                        "caravel: template: no value for template variables Greeting, WHO\nhint: ");

        Cli.Result raw =
                embedded.cli().run("job", "run", "--dry-run", "--no-template", spec.toString());
        assertThat(raw.out()).contains("{{.Greeting}} from {{.WHO}}");
    }

    @Test
    void validateIsSilentForGoodSpecsAndNamesTheFieldOfBadOnes() {
        Cli.Result good =
                embedded.cli()
                        .run(
                                "job",
                                "validate",
                                NOOP.toString(),
                                EXAMPLES.resolve("docker-hello.yaml").toString());
        assertThat(good.code()).as(good.toString()).isZero();
        assertThat(good.out()).isEmpty();
        assertThat(good.err()).isEmpty();

        Cli.Result bad =
                embedded.cli()
                        .run(
                                "job",
                                "validate",
                                NOOP.toString(),
                                EXAMPLES.resolve("invalid/many-problems.yaml").toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err()).isEqualTo(Golden.read("validate-many-problems.txt"));
    }

    @Test
    void describeAndExecutionsShowAPageAndCountEveryExecution() throws IOException {
        String spec =
                BacalhauConventionsTest.spec(BacalhauConventionsTest.unique("paged"), "hi")
                        .replace("Count: 1", "Count: 3");
        String id = jobId(embedded.cli().stdin(spec).run("job", "run", "-").out());

        Cli.Result first = embedded.cli().run("job", "describe", "--limit", "2", id);
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Summary\nCompleted = 3\n");
        assertThat(first.out().lines().filter(l -> l.startsWith("e-"))).hasSize(2);
        assertThat(first.err())
                .contains("caravel job describe " + id + " --limit 2 --next-token 0:2");

        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var json =
                mapper.readTree(
                        embedded.cli()
                                .run("--output=json", "job", "describe", "--limit", "2", id)
                                .out());
        assertThat(json.at("/Summary/Completed").asInt()).isEqualTo(3);
        assertThat(json.at("/Executions/Items").size()).isEqualTo(2);
        assertThat(json.at("/Executions/NextToken").asText()).isEqualTo("0:2");
        var rest =
                mapper.readTree(
                        embedded.cli()
                                .run(
                                        "--output=json",
                                        "job",
                                        "executions",
                                        "--limit",
                                        "2",
                                        "--next-token",
                                        "0:2",
                                        id)
                                .out());
        assertThat(rest.size()).isEqualTo(1);
        assertThat(rest.at("/0/PartitionIndex").asInt()).isIn(0, 1, 2);

        Cli.Result bad = embedded.cli().run("job", "describe", "--next-token", "x", id);
        assertThat(bad.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err())
                .contains("--next-token x is not a page of this job: expected SOURCE:OFFSET");
        Cli.Result tooMany = embedded.cli().run("job", "executions", "--limit", "0", id);
        assertThat(tooMany.err()).contains("--limit must be between 1 and 1000; got 0");
    }

    @Test
    void describeExecutionsAndHistoryShowAFinishedJob() throws IOException {
        String id = embedded.cli().run("job", "run", "--id-only", NOOP.toString()).out().strip();

        Cli.Result describe = embedded.cli().run("job", "describe", id);
        assertThat(describe.code()).as(describe.toString()).isZero();
        assertThat(Golden.normalise(describe.out()))
                .isEqualTo(Golden.read("job-describe-noop.txt"));

        Cli.Result json = embedded.cli().run("job", "describe", "--output", "json", id);
        assertThat(json.out())
                .contains("\"ID\" : \"" + id + "\"")
                .contains("\"Stdout\" : \"hello from caravel\"");
        // Bacalhau's GetJobResponse shape, so scripts written for `bacalhau job describe --output
        // json` read it.
        com.fasterxml.jackson.databind.JsonNode tree =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(tree.at("/Job/ID").asText()).isEqualTo(id);
        assertThat(tree.at("/Job/State/StateType").asText()).isEqualTo("Completed");
        assertThat(tree.at("/Job/Version").asLong()).isEqualTo(1);
        assertThat(tree.at("/Executions/Items/0/ComputeState/StateType").asText())
                .isEqualTo("Completed");
        assertThat(tree.at("/Executions/Items/0/JobID").asText()).isEqualTo(id);
        assertThat(tree.at("/Executions/Items/0/RunOutput/Stdout").asText())
                .isEqualTo("hello from caravel");
        assertThat(tree.at("/History/Items/0/Type").asText()).isEqualTo("JobLevel");
        assertThat(tree.at("/History/Items/0/Event/Topic").asText()).isEqualTo("Submission");
        assertThat(
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                .readTree(
                                        embedded.cli()
                                                .run("job", "executions", "--output", "json", id)
                                                .out())
                                .at("/0/ComputeState/StateType")
                                .asText())
                .isEqualTo("Completed");
        Cli.Result yaml = embedded.cli().run("--output=yaml", "job", "describe", id);
        assertThat(yaml.out()).contains("ID: " + id).contains("Stdout: hello from caravel");

        Cli.Result executions = embedded.cli().run("job", "executions", id);
        assertThat(executions.code()).isZero();
        assertThat(executions.out()).startsWith("ID ").contains(" dev ").contains("Completed");

        Cli.Result history = embedded.cli().run("job", "history", id);
        assertThat(history.code()).isZero();
        assertThat(history.out()).startsWith("TIME ").contains("Submission");
    }

    @Test
    void stopEndsARunningJobAndTheWaitingRunExitsWithOne() throws Exception {
        StringWriter live = new StringWriter();
        CompletableFuture<Cli.Result> waiting =
                CompletableFuture.supplyAsync(
                        () ->
                                Cli.at(embedded.cluster().address())
                                        .stdin(slowJob(60))
                                        .output(live)
                                        .run("job", "run", "-"));
        while (!live.toString().contains("node dev: Running")) {
            Thread.sleep(50);
        }
        String id = jobId(live.toString());

        Cli.Result stop = embedded.cli().run("job", "stop", id);
        assertThat(stop.code()).as(stop.toString()).isZero();
        assertThat(stop.out()).isEqualTo("Job " + id + " stopped (was Running)\n");

        Cli.Result run = waiting.get();
        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("Job " + id + " Stopped");
        Cli.Result again = embedded.cli().run("job", "stop", id);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo("Job " + id + " was already Stopped\n");
    }

    /**
     * The Java test server has no visibility store, so listing says so (RealServerTest lists on a
     * real one).
     */
    @Test
    void listOnTheInMemoryServerExplainsWhyItCannot() {
        Cli.Result list = embedded.cli().run("job", "list");

        assertThat(list.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(list.err())
                .isEqualTo(
                        "caravel: the Temporal server at "
                                + embedded.cluster().address()
                                + " cannot list "
                                + "workflows (ListWorkflowExecutions is unimplemented; the in-memory server of `caravel dev --in-memory`"
                                + " and `--embedded` has none)\n"
                                + "hint: look a job up with `caravel job describe ID`, or run `caravel dev` with the Temporal CLI "
                                + "installed (scripts/temporal-dev.sh install), or a full server such as `temporal server "
                                + "start-dev`\n");
    }

    @Test
    void aCompletedJobCannotBeStopped() {
        String id = embedded.cli().run("job", "run", "--id-only", NOOP.toString()).out().strip();

        Cli.Result stop = embedded.cli().run("job", "stop", id);

        assertThat(stop.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(stop.err())
                .isEqualTo("caravel: cannot stop job " + id + " in state Completed\n");
    }

    @Test
    void anUnknownJobIsOneLine() {
        Cli.Result r = embedded.cli().run("job", "describe", "j-does-not-exist");

        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err().lines().toList())
                .hasSize(2)
                .first()
                .asString()
                .startsWith("caravel: ")
                .contains("j-does-not-exist");
    }

    @Test
    void logsOfACompletedJobPrintItsStdout() {
        String id = embedded.cli().run("job", "run", "--id-only", NOOP.toString()).out().strip();

        Cli.Result logs = embedded.cli().run("job", "logs", id);

        assertThat(logs.code()).as(logs.toString()).isZero();
        assertThat(logs.out()).isEqualTo("hello from caravel");
        // A node deletes an execution's directory when it ends; the job's copy is what is left.
        assertThat(logs.err())
                .startsWith("note: the node at http://127.0.0.1:")
                .contains(" has no logs of e-")
                .contains(
                        "showing the output the job keeps, truncated to the first 2 KiB of each stream");
    }

    @Test
    void logsFollowPrintsOutputWhileTheJobRunsAndReturnsWhenItEnds() throws Exception {
        String id =
                embedded.cli()
                        .stdin(talkingSlowJob("early bird", 3))
                        .run("job", "run", "--wait=false", "-")
                        .out()
                        .strip();
        StringWriter live = new StringWriter();

        CompletableFuture<Cli.Result> following =
                CompletableFuture.supplyAsync(
                        () ->
                                Cli.at(embedded.cluster().address())
                                        .output(live)
                                        .run("job", "logs", "-f", id));
        while (!live.toString().contains("early bird")) {
            Thread.sleep(20);
        }
        JobStateType stateWhenSeen;
        try (Connection connection = Connection.open(embedded.cluster().address(), "default")) {
            stateWhenSeen = JobQueries.describe(connection.client(), id).state();
        }
        Cli.Result logs = following.get();

        assertThat(stateWhenSeen)
                .as("the output came before the end")
                .isEqualTo(JobStateType.RUNNING);
        assertThat(logs.code()).as(logs.toString()).isZero();
        assertThat(logs.out()).isEqualTo("early bird");
        assertThat(logs.err()).as("read from the node, not from the job's copy").isEmpty();
        assertThat(embedded.cli().run("job", "describe", id).out()).contains("Completed");
    }

    @Test
    void runFollowStreamsTheOutputInsteadOfProgressThenTheSummary() {
        Cli.Result r =
                embedded.cli()
                        .stdin(talkingSlowJob("streamed line", 1))
                        .run("job", "run", "-f", "-");

        assertThat(r.code()).as(r.toString()).isZero();
        String id = jobId(r.out());
        assertThat(r.out())
                .contains("Job successfully submitted. Job ID: " + id)
                .doesNotContain("node dev: Running")
                .contains("Job " + id + " Completed");
        assertThat(r.out().indexOf("streamed line"))
                .as(r.out())
                .isLessThan(r.out().indexOf("Job " + id + " Completed"));
    }

    @Test
    void logsOfAnUnknownJobIsOneLine() {
        Cli.Result r = embedded.cli().run("job", "logs", "-f", "j-does-not-exist");

        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err().lines().toList())
                .hasSize(2)
                .first()
                .asString()
                .startsWith("caravel: ")
                .contains("j-does-not-exist");
    }

    @Test
    void logsOfAnExecutionOnANodeWithoutResultsUrlFallBackToTheKeptOutput(
            @TempDir Path quietStorage) throws Exception {
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(embedded.cluster().address())
                        .nodeId("quiet")
                        .storageDir(quietStorage)
                        .labels(Map.of("logs", "none"))
                        .build();
        // The built-in providers without LocalResultsModule: this node serves no logs.
        WorkerProcess quiet =
                WorkerProcess.start(
                        config,
                        List.of(
                                BuiltinProviders.providers(),
                                new NodeAssemblyModule(OrchestrationSettings.DEFAULTS)));
        try {
            String spec =
                    talkingSlowJob("kept by the job", 0)
                            .replace(
                                    "Type: batch\n",
                                    "Type: batch\nConstraints:\n  - Key: logs\n    Operator: in\n    Values: [none]\n");
            Cli.Result run = embedded.cli().stdin(spec).run("job", "run", "--id-only", "-");
            assertThat(run.code()).as(run.toString()).isZero();
            String id = run.out().strip();

            Cli.Result logs = embedded.cli().run("job", "logs", id);

            assertThat(logs.code()).as(logs.toString()).isZero();
            assertThat(logs.out()).isEqualTo("kept by the job");
            assertThat(logs.err())
                    .startsWith(
                            "note: node quiet is gone or serves no logs; showing the output the "
                                    + "job keeps, truncated to the first 2 KiB of each stream\n");
        } finally {
            quiet.stop();
        }
    }

    static String talkingSlowJob(String stdout, int seconds) {
        return slowJob(seconds) + "        Stdout: " + stdout + "\n";
    }

    static String slowJob(int seconds) {
        return """
                Name: slow-noop
                Type: batch
                Tasks:
                  - Name: main
                    Engine:
                      Type: noop
                      Params:
                        Sleep: %d
                """
                .formatted(seconds);
    }

    static String text(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
