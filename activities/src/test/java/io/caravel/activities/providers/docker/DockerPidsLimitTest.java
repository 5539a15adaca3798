package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.caravel.api.model.RunOutput;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded process bomb in a container of the real daemon: the engine's pids limit contains it.
 * The bomb is a child shell starting up to 3,000 sleeping processes and recording each one it
 * started, without forking, in {@code /started}; the container's own shell then reads that count
 * and the cgroup's {@code pids.max} and {@code pids.current} with builtins, which need no fork.
 */
@Tag("security")
@Timeout(120)
class DockerPidsLimitTest {
    private static final long LIMIT = 64;
    private static final String BOMB =
            "f=/sys/fs/cgroup/pids; [ -f $f/pids.max ] || f=/sys/fs/cgroup;"
                    + " sh -c 'i=0; while [ $i -lt 3000 ]; do sleep 30 & i=$((i+1)); echo $i > /started; done' 2>/dev/null;"
                    + " read started < /started; read max < $f/pids.max; read current < $f/pids.current;"
                    + " echo \"started=$started max=$max current=$current\"";
    private static final Pattern REPORT =
            Pattern.compile("started=(\\d+) max=(\\S+) current=(\\d+)\\n");

    @TempDir Path tmp;

    private final String node = "node-pids-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void release() {
        DockerRun.releaseAll();
    }

    @Test
    void aProcessBombIsContainedByTheWorkersPidsLimitAndItsContainerRemoved() throws Exception {
        DockerEngine engine =
                new DockerEngine(
                        DockerClients.lazy(DockerClients.DEFAULT_HOST), ImagePulls.DEFAULT, LIMIT);
        DockerRun run = new DockerRun(tmp, "e-pids-" + UUID.randomUUID()).node(node).shell(BOMB);

        RunOutput output = engine.run(run.context());

        Matcher report = REPORT.matcher(output.stdout());
        assertThat(report.matches()).as("report in %s", output.stdout()).isTrue();
        assertThat(report.group(2)).isEqualTo(Long.toString(LIMIT));
        // The container's shell, the bomb's shell and what it started: never more than the limit.
        assertThat(Long.parseLong(report.group(1))).isLessThan(LIMIT);
        assertThat(Long.parseLong(report.group(3))).isLessThanOrEqualTo(LIMIT);
        assertThat(output.exitCode()).isZero();

        engine.release(run.executionId());
        DockerClient docker = DockerEngineTest.dockerClient();
        List<Container> left = new ExecutionObjects(docker).containers(DockerLabels.NODE, node);
        assertThat(left).isEmpty();
    }

    @Test
    void theDefaultLimitIsApplied() throws Exception {
        DockerEngine engine = new DockerEngine(DockerClients.DEFAULT_HOST);
        DockerRun run =
                new DockerRun(tmp, "e-pids-" + UUID.randomUUID())
                        .node(node)
                        .shell(
                                "f=/sys/fs/cgroup/pids; [ -f $f/pids.max ] || f=/sys/fs/cgroup; read max < $f/pids.max;"
                                        + " echo $max");

        RunOutput output = engine.run(run.context());

        assertThat(output.stdout()).isEqualTo(DockerEngine.DEFAULT_PIDS_LIMIT + "\n");
    }
}
