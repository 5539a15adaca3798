package io.caravel.activities.providers.docker;

import io.caravel.activities.files.FileTrees;
import io.caravel.activities.node.ResultsLayout;
import io.caravel.api.model.ResultPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The host directories bind-mounted at the result paths. They live beside the results directory, in
 * {@code <executionDir>/docker-results/<Name>}, not in it: the node empties the results directory
 * before every attempt, and a container re-attached after a worker restart still writes to the
 * directories it was created with. Once the container has ended they are moved into the results
 * layout.
 */
final class ResultDirs {
    static final String DIR = "docker-results";

    private ResultDirs() {}

    static Path root(Path executionDir) {
        return executionDir.resolve(DIR);
    }

    /**
     * The host directory of one result path under {@code root}; the name is checked as in the
     * layout.
     */
    static Path of(Path root, ResultPath resultPath) {
        return ResultsLayout.resultPathDir(root, resultPath);
    }

    /** Starts from empty directories (mode 0755, as Bacalhau) for a new container. */
    static void create(Path root, List<ResultPath> resultPaths) throws IOException {
        FileTrees.delete(root);
        Files.createDirectories(root);
        for (ResultPath rp : resultPaths) {
            Path dir = Files.createDirectories(of(root, rp));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /**
     * Moves each result path's directory into {@code resultsDir} (an empty one when the container
     * made none).
     */
    static void collect(Path root, List<ResultPath> resultPaths, Path resultsDir)
            throws IOException {
        for (ResultPath rp : resultPaths) {
            Path from = of(root, rp);
            Path to = ResultsLayout.resultPathDir(resultsDir, rp);
            FileTrees.delete(to);
            if (Files.isDirectory(from, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.createDirectories(to);
            }
        }
        FileTrees.delete(root);
    }
}
