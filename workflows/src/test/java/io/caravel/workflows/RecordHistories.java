package io.caravel.workflows;

import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the histories {@code ReplayTest} replays, into {@code src/test/resources/histories}
 * (or the folder given as the first argument). Run it after a deliberate change to
 * {@code JobWorkflowImpl}'s commands, from the {@code workflows} folder:
 * {@code mvn -q test-compile exec:java -Dexec.mainClass=io.caravel.workflows.RecordHistories
 * -Dexec.classpathScope=test}. Commit the files it writes; histories of the old code should be
 * kept (renamed) as long as workflows started by it may still be running.
 */
public final class RecordHistories {
    private static final Logger log = LoggerFactory.getLogger(RecordHistories.class);

    private RecordHistories() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path folder = Path.of(args.length > 0 ? args[0] : "src/test/resources/histories");
        Files.createDirectories(folder);
        for (Map.Entry<String, WorkflowExecutionHistory> e : Scenarios.recordAll().entrySet()) {
            Path file = folder.resolve(e.getKey() + ".json");
            Files.writeString(file, e.getValue().toJson(true) + "\n", StandardCharsets.UTF_8);
            log.info("wrote {} ({} events)", file, e.getValue().getEvents().size());
        }
    }
}
