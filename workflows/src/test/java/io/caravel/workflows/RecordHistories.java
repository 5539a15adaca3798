package io.caravel.workflows;

import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the replay corpus ({@link Scenarios#CORPUS}) into {@code src/test/resources/histories}
 * (or the folder given as the first argument), one {@code <scenario>.json} each, overwriting those
 * files. From the repository root (the reactor build, so that the api module is today's code rather
 * than a jar in the local repository):
 *
 * <pre>
 * mvn -o -q -pl workflows -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * cd workflows &amp;&amp; java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.caravel.workflows.RecordHistories
 * </pre>
 *
 * Further arguments name the scenarios to record (all when none): adding a scenario records only
 * its own file, e.g. {@code io.caravel.workflows.RecordHistories src/test/resources/histories
 * batch-count-5-in-chunks-of-2}. Re-record after adding a scenario, or after a deliberate change to
 * {@code JobWorkflowImpl}'s commands (behind {@code Workflow.getVersion}). In the second case keep
 * the files of the old code first, renamed with a prefix that names the change (as {@code
 * release-activity-*}), and list them in {@code ReplayTest.EARLIER}: workflows started by the old
 * code may still be running, and those files are what proves they replay. Files recorded by earlier
 * commits are never re-recorded.
 */
public final class RecordHistories {
    private static final Logger log = LoggerFactory.getLogger(RecordHistories.class);

    private RecordHistories() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "src/test/resources/histories");
        Files.createDirectories(folder);
        Map<String, WorkflowExecutionHistory> recorded =
                args.length > 1
                        ? Scenarios.record(java.util.List.of(args).subList(1, args.length))
                        : Scenarios.recordAll();
        for (Map.Entry<String, WorkflowExecutionHistory> e : recorded.entrySet()) {
            Path file = folder.resolve(e.getKey() + ".json");
            Files.writeString(file, e.getValue().toJson(true) + "\n", StandardCharsets.UTF_8);
            log.info("wrote {} ({} events)", file, e.getValue().getEvents().size());
        }
    }
}
