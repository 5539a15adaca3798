package io.caravel.cli;

import static io.caravel.cli.JobCommandsTest.talkingSlowJob;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code job logs --tail}, and {@code job logs -f} of a job with several executions, on the
 * embedded default.
 */
@Timeout(120)
class JobLogsOfManyExecutionsTest {
    @RegisterExtension
    static final EmbeddedClusterExtension embedded = new EmbeddedClusterExtension();

    @Test
    void tailSkipsWhatWasWrittenBeforeAndFollowsToTheEnd() throws Exception {
        String id =
                embedded.cli()
                        .stdin(talkingSlowJob("early bird", 3))
                        .run("job", "run", "--wait=false", "-")
                        .out()
                        .strip();
        while (!embedded.cli().run("job", "logs", id).out().equals("early bird")) {
            Thread.sleep(50);
        }

        Cli.Result tailed = embedded.cli().run("job", "logs", "-f", "--tail", id);
        Cli.Result all = embedded.cli().run("job", "logs", id);

        assertThat(tailed.code()).as(tailed.toString()).isZero();
        assertThat(tailed.out()).as("written before --tail started").isEmpty();
        assertThat(embedded.cli().run("job", "describe", id).out()).contains("Completed");
        assertThat(all.out()).as("without --tail, the same job's output").isEqualTo("early bird");
    }

    @Test
    void followWithoutAnExecutionPrintsEveryExecutionLabelled() {
        String spec =
                talkingSlowJob("\"line one\\nline two\"", 1)
                        .replace("Type: batch\n", "Type: batch\nCount: 2\n");
        String id = embedded.cli().stdin(spec).run("job", "run", "--wait=false", "-").out().strip();

        Cli.Result logs = embedded.cli().run("job", "logs", "-f", id);

        assertThat(logs.code()).as(logs.toString()).isZero();
        List<String> lines = logs.out().lines().toList();
        assertThat(lines)
                .as(logs.toString())
                .hasSize(4)
                .allMatch(l -> l.matches("\\[e-[0-9a-f]{8}@dev\\] line (one|two)"));
        assertThat(lines.stream().map(l -> l.substring(0, l.indexOf(']'))).distinct()).hasSize(2);
        for (String label :
                lines.stream().map(l -> l.substring(0, l.indexOf(']') + 2)).distinct().toList()) {
            assertThat(lines)
                    .as("each execution's lines in order")
                    .containsSubsequence(label + "line one", label + "line two");
        }
    }

    @Test
    void anExecutionAskedForIsPrintedUnlabelledEvenWhenThereAreSeveral() throws Exception {
        String spec = talkingSlowJob("solo", 0).replace("Type: batch\n", "Type: batch\nCount: 2\n");
        String id = embedded.cli().stdin(spec).run("job", "run", "--id-only", "-").out().strip();
        String execution =
                embedded.cli()
                        .run("--output=json", "job", "executions", id)
                        .out()
                        .replaceAll("(?s).*?\"(e-[0-9a-f-]+)\".*", "$1");

        Cli.Result logs = embedded.cli().run("job", "logs", "-e", execution, id);

        assertThat(logs.code()).as(logs.toString()).isZero();
        assertThat(logs.out()).isEqualTo("solo");
    }

    @Test
    void followOfAServiceGoesOnWithTheExecutionsThatReplaceAReplicaUntilTheJobIsStopped()
            throws Exception {
        // The replica prints a line and ends at once, so the service replaces it again and again.
        String spec = talkingSlowJob("again", 0).replace("Type: batch\n", "Type: service\n");
        String id = embedded.cli().stdin(spec).run("job", "run", "--wait=false", "-").out().strip();
        StringWriter live = new StringWriter();

        CompletableFuture<Cli.Result> following =
                CompletableFuture.supplyAsync(
                        () ->
                                Cli.at(embedded.cluster().address())
                                        .output(live)
                                        .run("job", "logs", "-f", id));
        while (live.toString().lines().map(l -> l.substring(0, l.indexOf(']'))).distinct().count()
                < 2) {
            Thread.sleep(50);
        }
        assertThat(embedded.cli().run("job", "stop", id).code()).isZero();
        Cli.Result logs = following.get(60, TimeUnit.SECONDS);

        assertThat(logs.code()).as(logs.toString()).isZero();
        assertThat(logs.out().lines()).allMatch(l -> l.matches("\\[e-[0-9a-f]{8}@dev\\] again"));
    }

    @Test
    void runFollowOfSeveralExecutionsLabelsTheirLines() {
        StringWriter live = new StringWriter();
        Cli.Result r =
                embedded.cli()
                        .stdin(
                                talkingSlowJob("streamed", 0)
                                        .replace("Type: batch\n", "Type: batch\nCount: 2\n"))
                        .output(live)
                        .run("job", "run", "-f", "-");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().lines().filter(l -> l.matches("\\[e-[0-9a-f]{8}@dev\\] streamed")))
                .hasSize(2);
    }
}
