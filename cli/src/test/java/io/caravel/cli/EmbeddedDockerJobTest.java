package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Docker job on the embedded default ({@code docker run --embedded}) on the real Docker daemon of
 * scripts/docker-dev.sh, and what the embedded worker says when Docker is off. A daemon that is not
 * there fails the test: CI starts it.
 */
class EmbeddedDockerJobTest {
    static final String IMAGE =
            System.getenv().getOrDefault("CARAVEL_TEST_IMAGE", "caravel-test/busybox:1");
    private static final String DOCKER_HOST =
            "unix://"
                    + System.getenv().getOrDefault("CARAVEL_DOCKER_SOCKET", "/var/run/docker.sock");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aDockerJobRunsOnTheEmbeddedWorkerWhenADaemonAnswers() {
        Cli.Result r =
                Cli.at(null)
                        .env(Map.of("CARAVEL_DOCKER_HOST", DOCKER_HOST))
                        .run(
                                "docker",
                                "run",
                                "--embedded",
                                "--network=none",
                                IMAGE,
                                "--",
                                "echo",
                                "hello from docker");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err())
                .as(r.toString())
                .contains("embedded worker: engines: noop, wasm, docker\n");
        assertThat(r.out()).contains("Completed, exit code 0").contains("  hello from docker");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aDockerJobIsRefusedAtOnceWhenNoDaemonAnswersSayingWhere() {
        Cli.Result r =
                Cli.at(null)
                        .env(Map.of("CARAVEL_DOCKER_HOST", "unix:///nonexistent/docker.sock"))
                        .run("docker", "run", "--embedded", "--network=none", IMAGE, "--", "true");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err())
                .startsWith(
                        "caravel: the embedded worker does not run engine docker: no daemon answers at"
                                + " unix:///nonexistent/docker.sock: /nonexistent/docker.sock does not exist\n"
                                + "hint: start Docker (scripts/docker-dev.sh start), or point CARAVEL_DOCKER_HOST at a daemon");
        assertThat(r.out()).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theEmbeddedWorkerTakesItsEnginesFromTheEnvironmentAsAWorkerDoes() {
        Cli.Result r =
                Cli.at(null)
                        .env(
                                Map.of(
                                        "CARAVEL_ENGINES",
                                        "noop,wasm",
                                        "CARAVEL_DOCKER_HOST",
                                        DOCKER_HOST))
                        .run("docker", "run", "--embedded", IMAGE, "--", "true");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err())
                .startsWith(
                        "caravel: the embedded worker does not run engine docker: not in this"
                                + " worker's engines\nhint: list it in CARAVEL_ENGINES");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aWasmJobOnTheEmbeddedWorkerLeavesDockerAlone() {
        Cli.Result r =
                Cli.at(null)
                        .run(
                                "wasm",
                                "run",
                                "--embedded",
                                JobCommandsTest.EXAMPLES
                                        .resolve("wasm/hello-world.wasm")
                                        .toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEqualTo("embedded worker: engines: noop, wasm\n");
    }
}
