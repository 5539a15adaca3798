package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerMount;
import io.caravel.activities.providers.local.LocalSource;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Mounts {@code local} inputs exactly as they were checked. The local source stages the real path
 * the allow-list judged; docker mounts by path, resolving it again when the container starts, so a
 * link swapped into that path in between would mount whatever the link leads to. Who can swap it is
 * a job that has a directory above it mounted read-write (a {@code :rw} area). So, just before the
 * container is created and started, and with no other container of this worker starting meanwhile,
 * each local input must
 *
 * <ul>
 *   <li>still be its own real path: no link anywhere in it ({@code volume ... changed since it was
 *       checked}), and
 *   <li>lie below no directory that a running container has mounted read-write ({@code ... lies
 *       inside ..., which running container ... has mounted read-write}): nothing that could swap
 *       it runs while docker mounts it.
 * </ul>
 *
 * <p>Whatever runs no container cannot change the path between the check and the mount: the worker
 * host's own users and processes are trusted with the allow-listed areas. Containers started by
 * another worker on the same daemon at the same moment are not serialized with this one.
 */
final class LocalMounts {
    /**
     * One container with local inputs starts at a time in this worker: none can start a swapper
     * meanwhile.
     */
    private static final Object STARTS = new Object();

    private static final String HINT_SWAPPED =
            "the path was replaced after the allow-list check (a link put in its"
                    + " place); mount a path that no job can write above";
    private static final String HINT_INSIDE_RW =
            "a job with that directory mounted read-write could replace the path"
                    + " by a link while it is mounted; run this task when that execution has ended, or mount the area"
                    + " itself";

    private LocalMounts() {}

    /**
     * Runs {@code createAndStart} once the execution's local inputs are checked as above; when it
     * has none, at once. Holds this worker's lock on container starts with local inputs throughout.
     *
     * @throws CaravelException ({@code SPEC_INVALID}, not retryable) naming the input's target and
     *     path when a check fails; nothing was created then
     */
    static <T> T checkedStart(
            DockerClient client, ExecutionContext execution, Supplier<T> createAndStart) {
        List<StagedInput> local = localInputs(execution);
        if (local.isEmpty()) {
            return createAndStart.get();
        }
        synchronized (STARTS) {
            List<Container> running = client.listContainersCmd().exec();
            for (StagedInput input : local) {
                Path path = unchanged(input);
                insideNoWritableMount(input, path, running);
            }
            return createAndStart.get();
        }
    }

    /** The staged host paths of the execution's {@code local} inputs. */
    static List<StagedInput> localInputs(ExecutionContext execution) {
        List<InputSource> sources = execution.task().inputSources();
        List<StagedInput> staged = execution.inputs().inputs();
        List<StagedInput> local = new ArrayList<>();
        for (int i = 0; i < staged.size(); i++) {
            if (isLocal(sources, i)) {
                local.add(staged.get(i));
            }
        }
        return local;
    }

    static boolean isLocal(List<InputSource> sources, int index) {
        return LocalSource.isLocal(sources, index);
    }

    private static Path unchanged(StagedInput input) {
        Path staged;
        Path real;
        try {
            staged = Path.of(input.hostPath());
            real = staged.toRealPath();
        } catch (IOException | InvalidPathException e) {
            throw refused(
                    input,
                    "volume "
                            + input.hostPath()
                            + " changed since it was checked: "
                            + e.getMessage(),
                    HINT_SWAPPED);
        }
        if (!real.equals(staged)) {
            throw refused(
                    input,
                    "volume " + staged + " changed since it was checked: it now leads to " + real,
                    HINT_SWAPPED);
        }
        return staged;
    }

    private static void insideNoWritableMount(
            StagedInput input, Path path, List<Container> running) {
        for (Container container : running) {
            List<ContainerMount> mounts =
                    container.getMounts() == null ? List.of() : container.getMounts();
            for (ContainerMount mount : mounts) {
                if (!Boolean.TRUE.equals(mount.getRw())
                        || mount.getSource() == null
                        || mount.getSource().isEmpty()) {
                    continue;
                }
                Path writable = Path.of(mount.getSource());
                if (path.startsWith(writable) && !path.equals(writable)) {
                    throw refused(
                            input,
                            "volume "
                                    + path
                                    + " lies inside "
                                    + writable
                                    + ", which running container "
                                    + name(container)
                                    + " has mounted read-write",
                            HINT_INSIDE_RW);
                }
            }
        }
    }

    private static String name(Container container) {
        String[] names = container.getNames();
        return names != null && names.length > 0
                ? names[0].replaceFirst("^/", "")
                : container.getId();
    }

    private static CaravelException refused(StagedInput input, String message, String hint) {
        return new CaravelException(
                ErrorCode.SPEC_INVALID, "local input " + input.target() + ": " + message, hint);
    }

    /**
     * Used where a caller needs a value but has none: {@code checkedStart} around a plain action.
     */
    static Supplier<Void> action(Runnable run) {
        return () -> {
            run.run();
            return null;
        };
    }
}
