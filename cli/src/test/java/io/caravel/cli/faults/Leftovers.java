package io.caravel.cli.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a case's jobs left behind: containers and networks labelled with their job ids on a daemon,
 * and execution directories under the workers' storage dirs.
 */
final class Leftovers {
    private Leftovers() {}

    /**
     * {@code docker ps -a} lines (id, node, state) of containers labelled with one of {@code
     * jobIds}.
     */
    static List<String> containers(DockerCli docker, Collection<String> jobIds) {
        List<String> found = new ArrayList<>();
        for (String job : jobIds) {
            found.addAll(
                    docker.lines(
                            "ps",
                            "-a",
                            "--filter",
                            "label=io.caravel.job=" + job,
                            "--format",
                            "{{.ID}} {{.Label \"io.caravel.node\"}} {{.Label \"io.caravel.execution\"}} {{.State}} {{.Status}}"));
        }
        return found;
    }

    /** Containers of node {@code nodeId} (any job), as {@link #containers} lists them. */
    static List<String> containersOfNode(DockerCli docker, String nodeId) {
        return docker.lines(
                "ps",
                "-a",
                "--filter",
                "label=io.caravel.node=" + nodeId,
                "--format",
                "{{.ID}} {{.Label \"io.caravel.job\"}} {{.Label \"io.caravel.execution\"}} {{.State}} {{.Status}}");
    }

    /** Networks labelled with one of {@code jobIds}. */
    static List<String> networks(DockerCli docker, Collection<String> jobIds) {
        List<String> found = new ArrayList<>();
        for (String job : jobIds) {
            found.addAll(
                    docker.lines(
                            "network",
                            "ls",
                            "--filter",
                            "label=io.caravel.job=" + job,
                            "--format",
                            "{{.ID}} {{.Name}}"));
        }
        return found;
    }

    /**
     * Execution directories ({@code <storageDir>/executions/*}) of the given workers' storage dirs.
     */
    static List<Path> executionDirs(Collection<Path> storageDirs) {
        List<Path> found = new ArrayList<>();
        for (Path storage : storageDirs) {
            Path executions = storage.resolve("executions");
            if (!Files.isDirectory(executions)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(executions)) {
                dirs.forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /** Everything left, one line per object; empty when nothing is. */
    static List<String> all(
            DockerCli docker, Collection<String> jobIds, Collection<Path> storageDirs) {
        List<String> all = new ArrayList<>();
        containers(docker, jobIds).forEach(c -> all.add("container " + c));
        networks(docker, jobIds).forEach(n -> all.add("network " + n));
        executionDirs(storageDirs).forEach(d -> all.add("directory " + d));
        return all;
    }
}
