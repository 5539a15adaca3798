package io.caravel.activities.node;

import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.quantity.Quantities;
import io.caravel.api.quantity.Resources;
import java.time.Duration;
import java.util.Objects;

/**
 * The most bytes one execution may write to the node's storage: its result paths and, on docker,
 * the container's own file system (scratch). Engines enforce it ({@code docker}: a watcher that
 * kills the container; {@code wasm}: a quota in the module's file system) and fail the execution
 * with {@link #exceeded()}.
 *
 * <p>The task's {@code Resources.Disk} covers its staged inputs too, as Bacalhau's compute node
 * counts them in the task's disk allocation: the execution may write {@code Disk} less the bytes of
 * its staged inputs (local inputs are the host's own files and count 0). A task that sets no {@code
 * Disk} may write the node's {@link Settings#defaultTaskDiskBytes}, so one job never fills the
 * node's storage. The streams ({@code stdout}, {@code stderr}) are not counted: the results layout
 * caps them on its own.
 *
 * @param bytes the most bytes the execution may write
 * @param requested how the limit came about, for messages: {@code 50mb (Resources.Disk)}
 */
public record DiskLimit(long bytes, String requested) {
    /**
     * What the node enforces for every execution.
     *
     * @param defaultTaskDiskBytes the limit of a task that sets no {@code Resources.Disk}
     * @param watchInterval how often the docker engine measures what a running container wrote
     */
    public record Settings(long defaultTaskDiskBytes, Duration watchInterval) {
        /**
         * For engines made outside a worker (a worker derives its default from its disk capacity).
         */
        public static final Settings DEFAULT = new Settings(10L << 30, Duration.ofMillis(500));

        public Settings {
            Objects.requireNonNull(watchInterval, "watchInterval");
            if (defaultTaskDiskBytes <= 0) {
                throw new IllegalArgumentException(
                        "the default task disk must be more than 0 bytes, got "
                                + defaultTaskDiskBytes);
            }
            if (watchInterval.isNegative() || watchInterval.isZero()) {
                throw new IllegalArgumentException(
                        "the disk watch interval must be more than 0, got " + watchInterval);
            }
        }

        /** These settings with {@code bytes} as the limit of tasks that set no Disk. */
        public Settings withDefaultTaskDiskBytes(long bytes) {
            return new Settings(bytes, watchInterval);
        }
    }

    public DiskLimit {
        Objects.requireNonNull(requested, "requested");
    }

    /**
     * The limit of {@code execution}: its {@code Resources.Disk} less its staged inputs, or the
     * node's default.
     */
    public static DiskLimit of(ExecutionContext execution, long defaultTaskDiskBytes) {
        ResourcesConfig resources = execution.task().resources();
        long disk = Resources.parse(resources).diskBytes();
        if (disk <= 0) {
            return new DiskLimit(
                    defaultTaskDiskBytes,
                    Quantities.formatBytes(defaultTaskDiskBytes)
                            + " (the node's defaultTaskDisk: the task sets no Resources.Disk)");
        }
        long inputs = Math.max(0, execution.inputs().totalBytes());
        if (inputs == 0) {
            return new DiskLimit(disk, resources.disk().strip() + " (Resources.Disk)");
        }
        long left = Math.max(0, disk - inputs);
        return new DiskLimit(
                left,
                Quantities.formatBytes(left)
                        + " (Resources.Disk "
                        + resources.disk().strip()
                        + ", less the "
                        + Quantities.formatBytes(inputs)
                        + " of its staged inputs)");
    }

    /**
     * Refuses an execution whose staged inputs alone are larger than its {@code Resources.Disk},
     * before anything runs. Not retryable: another node stages the same bytes.
     *
     * @throws CaravelException {@code EXECUTION_FAILED}
     */
    public static void requireInputsFit(ExecutionContext execution) {
        long disk = Resources.parse(execution.task().resources()).diskBytes();
        long staged = execution.inputs().totalBytes();
        if (disk > 0 && staged > disk) {
            throw new CaravelException(
                    ErrorCode.EXECUTION_FAILED,
                    "the staged inputs take "
                            + staged
                            + " bytes, more than the task's disk request of "
                            + disk
                            + " bytes ("
                            + execution.task().resources().disk()
                            + ")",
                    "raise Resources.Disk to at least the inputs' size");
        }
    }

    /** Whether {@code writtenBytes} is over the limit. */
    public boolean exceededBy(long writtenBytes) {
        return writtenBytes > bytes;
    }

    /** The failure of an execution that wrote more: {@code EXECUTION_FAILED}, not retryable. */
    public CaravelException exceeded() {
        return new CaravelException(
                ErrorCode.EXECUTION_FAILED,
                message(),
                "raise Resources.Disk, or have the task"
                        + " write less (its result paths and, on docker, the container's own file system count)");
    }

    /** {@code disk limit exceeded: the task wrote more than 50mb (Resources.Disk)}. */
    public String message() {
        return "disk limit exceeded: the task wrote more than " + requested;
    }
}
