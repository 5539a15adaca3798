package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an image present on the daemon: nothing when it is there already, else a pull (with the
 * node's registry credentials, if any) whose progress goes to the execution's progress sink (at
 * most one line a second). An image that cannot be pulled, or is absent on a node that does not
 * pull, fails the execution with Bacalhau's {@code image not available: "<image>"}, not retryable
 * (another node would ask the same registry).
 */
final class ImagePuller {
    private static final Logger log = LoggerFactory.getLogger(ImagePuller.class);
    private static final long POLL_MILLIS = 200;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DockerClient docker;
    private final ImagePulls pulls;

    ImagePuller(DockerClient docker, ImagePulls pulls) {
        this.docker = docker;
        this.pulls = pulls;
    }

    boolean present(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Pulls {@code image} unless present; returns false when the execution was cancelled meanwhile.
     */
    boolean ensure(String image, ExecutionContext execution) throws InterruptedException {
        if (present(image)) {
            return true;
        }
        if (pulls.skip()) {
            throw notAvailable(
                    image,
                    "it is not on node " + execution.nodeId() + ", which does not pull images",
                    "load the image on the node (docker pull, docker load), or turn the node's dockerSkipImagePull"
                            + " off",
                    null);
        }
        execution.progress().report("docker: pulling image " + image);
        Progress callback = new Progress(image, execution);
        try {
            PullImageCmd pull = docker.pullImageCmd(withTag(image));
            pulls.auth(image).ifPresent(pull::withAuthConfig);
            pull.exec(callback);
            while (!callback.ended(POLL_MILLIS)) {
                if (execution.cancelled().getAsBoolean()) {
                    return false;
                }
            }
        } catch (RuntimeException e) {
            throw notAvailable(image, e);
        } finally {
            closeQuietly(callback);
        }
        Throwable failure = callback.failure != null ? callback.failure : callback.error();
        if (failure != null || !present(image)) {
            throw notAvailable(image, failure);
        }
        log.info("pulled image {} for execution {}", image, execution.executionId());
        return true;
    }

    /**
     * {@code name:latest} for a reference without tag or digest (the API would pull every tag of
     * it).
     */
    static String withTag(String image) {
        int slash = image.lastIndexOf('/');
        String last = image.substring(slash + 1);
        return last.contains(":") || last.contains("@") ? image : image + ":latest";
    }

    /** A pull that failed, with the daemon's or registry's reason when there is one. */
    private static CaravelException notAvailable(String image, Throwable cause) {
        return notAvailable(
                image,
                cause == null || cause.getMessage() == null ? "" : cause.getMessage().strip(),
                "check the image name and tag, that this node can reach its registry, and for a private"
                        + " registry the node's dockerUsername and dockerPassword",
                cause);
    }

    /**
     * Bacalhau's {@code image not available: "<image>"}, with {@code why} in parentheses when
     * given.
     */
    private static CaravelException notAvailable(
            String image, String why, String hint, Throwable cause) {
        return new CaravelException(
                ErrorCode.EXECUTION_FAILED,
                "image not available: \"" + image + "\"" + (why.isEmpty() ? "" : " (" + why + ")"),
                hint,
                java.util.List.of(),
                cause);
    }

    private static void closeQuietly(ResultCallback.Adapter<?> callback) {
        try {
            callback.close();
        } catch (IOException e) {
            log.debug("closing an image pull", e);
        }
    }

    private static final class Progress extends StreamCompletion<PullResponseItem> {
        private final String image;
        private final ExecutionContext execution;
        private final AtomicLong lastReport =
                new AtomicLong(System.nanoTime() - PROGRESS_EVERY_NANOS);
        private volatile Throwable failure;

        Progress(String image, ExecutionContext execution) {
            this.image = image;
            this.execution = execution;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.getErrorDetail() != null || item.getError() != null) {
                failure =
                        new IOException(
                                item.getError() != null
                                        ? item.getError()
                                        : item.getErrorDetail().getMessage());
                return;
            }
            long now = System.nanoTime();
            long last = lastReport.get();
            if (now - last >= PROGRESS_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
                String detail = item.getProgress() != null ? item.getProgress() : item.getStatus();
                execution.progress().report("docker: pulling image " + image + ": " + detail);
            }
        }
    }
}
