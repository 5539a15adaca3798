package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.OrchestrationSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bacalhau's everyday conventions (issue 13), one test each, against the real {@code temporal
 * server start-dev} that {@code scripts/temporal-dev.sh} starts (short ids and names are looked up
 * in its visibility store, which the in-memory server lacks). A server that is not there fails the
 * tests: CI starts it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BacalhauConventionsTest {
    private static final String ADDRESS =
            System.getenv().getOrDefault("CARAVEL_TEST_TEMPORAL_ADDRESS", "127.0.0.1:7233");

    @TempDir static Path storage;

    private static WorkerProcess worker;

    @BeforeAll
    static void startWorker() {
        String[] hostPort = ADDRESS.split(":");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2_000);
        } catch (IOException e) {
            throw new AssertionError(
                    "no Temporal server at " + ADDRESS + "; start one with scripts/temporal-dev.sh",
                    e);
        }
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(ADDRESS)
                        .nodeId("conv-" + UUID.randomUUID().toString().substring(0, 8))
                        .capacityGpus("0")
                        .storageDir(storage)
                        .searchAttributes(true)
                        .resultsPort(0)
                        .heartbeatInterval(Duration.ofMillis(500))
                        .build();
        worker =
                WorkerProcess.start(
                        config, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS));
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    static Cli cli() {
        return Cli.at(ADDRESS);
    }

    /** A noop job spec named {@code name} that prints {@code stdout}. */
    static String spec(String name, String stdout) {
        return """
                Name: %s
                Type: batch
                Count: 1
                Tasks:
                  - Name: main
                    Engine:
                      Type: noop
                      Params:
                        Stdout: %s
                """
                .formatted(name, stdout);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Runs {@code args} until its result passes {@code done} (the visibility store lags a moment).
     */
    static Cli.Result eventually(Predicate<Cli.Result> done, String... args)
            throws InterruptedException {
        Cli.Result r = cli().run(args);
        for (int i = 0;
                i < 300 && !done.test(r);
                i++) { // up to about 30 s: visibility lags on a loaded server
            Thread.sleep(100);
            r = cli().run(args);
        }
        return r;
    }

    @Test
    void everyJobVerbTakesTheShortIdAndTheName(@TempDir Path out) throws InterruptedException {
        String name = unique("conv-name");
        Cli.Result run =
                cli().stdin(spec(name, "short and named")).run("job", "run", "--id-only", "-");
        assertThat(run.code()).as(run.toString()).isZero();
        String id = run.out().strip();
        String shortId = id.substring(0, 10);

        Cli.Result byShort = eventually(r -> r.code() == 0, "job", "describe", shortId);
        assertThat(byShort.code()).as(byShort.toString()).isZero();
        assertThat(byShort.out()).contains(id).contains(name);
        Cli.Result byName = eventually(r -> r.code() == 0, "job", "describe", name);
        assertThat(byName.code()).as(byName.toString()).isZero();
        assertThat(byName.out()).contains(id);

        for (String key : new String[] {shortId, name}) {
            assertThat(cli().run("job", "executions", key).out()).contains("Completed");
            assertThat(cli().run("job", "history", key).out()).contains("Submission");
            assertThat(cli().run("job", "logs", key).out()).isEqualTo("short and named");
            Cli.Result get =
                    cli().run("job", "get", key, "--output-dir", out.resolve(key).toString());
            assertThat(get.code()).as(get.toString()).isZero();
            Cli.Result stop = cli().run("job", "stop", key);
            assertThat(stop.err())
                    .as(stop.toString())
                    .isEqualTo("caravel: cannot stop job " + id + " in state Completed\n");
        }
    }

    @Test
    void listShowsBacalhausColumnsWithTheShortIdThatTheVerbsTake() throws InterruptedException {
        String name = unique("conv-list");
        String id =
                cli().stdin(spec(name, "listed")).run("job", "run", "--id-only", "-").out().strip();
        String shortId = JobResolver.shortId(id);
        assertThat(shortId).hasSize(10).isEqualTo(id.substring(0, 10));

        Cli.Result list = eventually(r -> r.out().contains(name), "job", "list", "--limit", "100");

        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow().split(" +"))
                .containsExactly("CREATED", "ID", "NAME", "JOB", "TYPE", "STATE");
        String row = list.out().lines().filter(l -> l.contains(name)).findFirst().orElseThrow();
        assertThat(row.split(" +"))
                .containsSubsequence(shortId, name, "noop", "batch", "Completed");
        assertThat(row).doesNotContain(id);
        assertThat(row.split(" +")[0]).matches("\\d{2}:\\d{2}:\\d{2}");
        assertThat(cli().run("job", "describe", row.split(" +")[1]).out()).contains(id);

        Cli.Result json = cli().run("job", "list", "--limit", "100", "--output", "json");
        assertThat(json.out())
                .contains("\"ID\" : \"" + id + "\"")
                .contains("\"StateType\" : \"Completed\"");
    }

    @Test
    void listPagesWithLimitAndNextToken() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            assertThat(
                            cli().stdin(spec(unique("conv-page"), "x"))
                                    .run("job", "run", "--id-only", "-")
                                    .code())
                    .isZero();
        }
        Cli.Result first = cli().run("job", "list", "--wide", "--limit", "2");
        assertThat(first.code()).as(first.toString()).isZero();
        List<String> firstIds = ids(first.out());
        assertThat(firstIds).hasSize(2);
        Matcher hint =
                Pattern.compile(
                                "To fetch more records use:\n\tcaravel job list --limit 2 --next-token (\\S+)\n")
                        .matcher(first.err());
        assertThat(hint.find()).as(first.toString()).isTrue();

        Cli.Result second =
                cli().run("job", "list", "--wide", "--limit", "2", "--next-token", hint.group(1));
        assertThat(second.code()).as(second.toString()).isZero();
        List<String> secondIds = ids(second.out());
        assertThat(secondIds).isNotEmpty().doesNotContainAnyElementsOf(firstIds);

        Cli.Result bad = cli().run("job", "list", "--next-token", "%%%");
        assertThat(bad.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err())
                .startsWith("caravel: --next-token %%% is not a token this command printed");
    }

    private static List<String> ids(String listing) {
        Matcher m = Pattern.compile("j-[0-9a-f-]{36}").matcher(listing);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    @Test
    void anAmbiguousPrefixListsTheCandidates() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            assertThat(
                            cli().stdin(spec(unique("conv-amb"), "x"))
                                    .run("job", "run", "--id-only", "-")
                                    .code())
                    .isZero();
        }
        Cli.Result r = eventually(x -> x.err().contains(","), "job", "describe", "j-");

        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err())
                .startsWith("caravel: multiple jobs found for id j-: j-")
                .contains("hint: use more of the job ID, or the full ID");
        assertThat(r.err().lines().findFirst().orElseThrow().split(", ").length).isGreaterThan(1);
    }

    @Test
    void opsAndDaemonJobsWithCountAboveOneAreRefusedWithBacalhausMessage() {
        for (String type : new String[] {"ops", "daemon"}) {
            String spec =
                    spec(unique("conv-" + type), "x")
                            .replace("Type: batch", "Type: " + type)
                            .replace("Count: 1", "Count: 3");
            Cli.Result r = cli().stdin(spec).run("job", "run", "-");

            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
            assertThat(r.err())
                    .contains(
                            "Count: "
                                    + type
                                    + " jobs cannot specify count > 1 as they run on all"
                                    + " matching nodes");
            assertThat(r.out()).doesNotContain("Job successfully submitted");
        }
    }

    @Test
    void theNameIsTheKeyAnUnchangedSpecIsRefusedUnlessForcedAChangedOneUpdatesTheJob()
            throws InterruptedException {
        String name = unique("conv-key");
        Cli.Result first = cli().stdin(spec(name, "v1")).run("job", "run", "--id-only", "-");
        assertThat(first.code()).as(first.toString()).isZero();
        String id = first.out().strip();
        assertThat(eventually(r -> r.code() == 0, "job", "describe", name).out())
                .contains("Version       = 1");

        Cli.Result again = cli().stdin(spec(name, "v1")).run("job", "run", "--id-only", "-");
        assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(again.err())
                .isEqualTo(
                        "caravel: no changes detected for new job spec. Job Name: '"
                                + name
                                + "', Job Id: '"
                                + id
                                + "'\nhint: Use the --force flag to override this warning\n");

        Cli.Result forced =
                cli().stdin(spec(name, "v1")).run("job", "run", "--id-only", "--force", "-");
        assertThat(forced.code()).as(forced.toString()).isZero();
        assertThat(forced.out().strip()).isEqualTo(id);
        assertThat(cli().run("job", "describe", id).out()).contains("Version       = 2");

        Cli.Result changed = cli().stdin(spec(name, "v3")).run("job", "run", "-");
        assertThat(changed.code()).as(changed.toString()).isZero();
        assertThat(changed.out())
                .contains("Job successfully updated. Job ID: " + id + " (version 3)");
        Cli.Result describe = cli().run("job", "describe", name);
        assertThat(describe.out())
                .contains("ID            = " + id)
                .contains("Version       = 3")
                .contains("  v3\n");
    }

    @Test
    void updatingARunningJobStopsItsRunAndStartsTheNewVersion() throws InterruptedException {
        String name = unique("conv-running");
        String slow = JobCommandsTest.slowJob(60).replace("Name: slow-noop", "Name: " + name);
        String id = cli().stdin(slow).run("job", "run", "--wait=false", "-").out().strip();
        eventually(r -> r.out().contains("Running"), "job", "describe", name);

        Cli.Result update = cli().stdin(spec(name, "quick")).run("job", "run", "-");

        assertThat(update.code()).as(update.toString()).isZero();
        assertThat(update.out())
                .contains("Job successfully updated. Job ID: " + id + " (version 2)");
        assertThat(cli().run("job", "describe", id).out())
                .contains("State         = Completed")
                .contains("Version       = 2")
                .contains("  quick\n");
    }

    @Test
    void aJobNotFoundNamesWhatWasLookedFor() {
        Cli.Result r = cli().run("job", "describe", "no-such-job-or-name");

        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err())
                .startsWith(
                        "caravel: job not found: no-such-job-or-name (no job has this Name or ID, nor an"
                                + " ID that starts with it)\n");
    }
}
