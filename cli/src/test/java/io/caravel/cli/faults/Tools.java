package io.caravel.cli.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where the programs the fault cases run are: the Temporal CLI, java, the caravel jar, the main
 * Docker daemon.
 */
public final class Tools {
    /** The local test image (FROM scratch + busybox-static), built by scripts/docker-dev.sh. */
    static final String IMAGE =
            System.getenv().getOrDefault("CARAVEL_TEST_IMAGE", "caravel-test/busybox:1");

    private Tools() {}

    /**
     * {@code $(go env GOPATH)/bin/temporal}, where scripts/temporal-dev.sh installs it ({@code
     * CARAVEL_BIN} overrides the folder).
     */
    static Path temporal() {
        return installed("temporal", "scripts/temporal-dev.sh start");
    }

    /**
     * The program {@code name} in {@code $CARAVEL_BIN} (default {@code $(go env GOPATH)/bin}),
     * where the service scripts install it; missing, an error saying to run {@code script}.
     */
    public static Path installed(String name, String script) {
        String bin = System.getenv("CARAVEL_BIN");
        Path dir = bin != null && !bin.isBlank() ? Path.of(bin) : Path.of(goPath(), "bin");
        Path program = dir.resolve(name);
        if (!Files.isExecutable(program)) {
            throw new IllegalStateException(program + " is missing: run " + script + " first");
        }
        return program;
    }

    private static String goPath() {
        try {
            Process p = new ProcessBuilder("go", "env", "GOPATH").redirectErrorStream(true).start();
            String out =
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return out;
            }
        } catch (IOException e) {
            // no go on the PATH: the default GOPATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return System.getProperty("user.home") + "/go";
    }

    /** The java of this JVM. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** cli/target/caravel.jar, built by the package phase before the fault suite runs. */
    static Path caravelJar() {
        String configured = System.getProperty("caravel.jar");
        Path jar =
                configured != null
                        ? Path.of(configured)
                        : repoRoot().resolve("cli/target/caravel.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build it with mvn -pl cli -am package -DskipTests");
        }
        return jar;
    }

    static Path repoRoot() {
        String root = System.getenv("CARAVEL_TEST_REPO_ROOT");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    /** The Docker daemon of scripts/docker-dev.sh. */
    static String mainDockerHost() {
        String socket =
                System.getenv().getOrDefault("CARAVEL_DOCKER_SOCKET", "/var/run/docker.sock");
        return "unix://" + socket;
    }
}
