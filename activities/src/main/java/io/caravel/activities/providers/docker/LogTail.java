package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts back the last, unterminated line of a container's output when the log stream that followed
 * it lost it. A stream's last bytes without a newline reach docker's log only when the program's
 * output closes, as the container ends; a follow that started as the container was ending (a short
 * container) then ends without them now and then (2.5 % of {@code printf text} containers run 4 at
 * a time on a 2-core host, Debian's docker.io 20.10), although the log holds them. So, once the
 * container has ended and the follow stream with it, the last {@value #TAIL} entries of the log are
 * read again: for each stream, an unterminated last entry that the follow did not end with is
 * written after what it got. Only such an entry can be lost this way: the daemon logs a terminated
 * line the moment it is written, while the container runs.
 */
final class LogTail {
    private static final Logger log = LoggerFactory.getLogger(LogTail.class);

    /** Entries read back: a stream's last one each, when both end unterminated. */
    static final int TAIL = 2;

    private static final long READ_SECONDS = 30;

    private LogTail() {}

    /**
     * Writes, through {@code pump}, what the follow of {@code containerId} lost of its streams'
     * unterminated last entries. Call once the container and the follow have ended.
     */
    static void recover(DockerClient client, String containerId, LogPump pump)
            throws InterruptedException {
        LastFrames tail =
                client.logContainerCmd(containerId)
                        .withStdOut(true)
                        .withStdErr(true)
                        .withFollowStream(false)
                        .withTail(TAIL)
                        .exec(new LastFrames());
        try (tail) {
            if (!tail.ended(TimeUnit.SECONDS.toMillis(READ_SECONDS))) {
                log.warn(
                        "container {}: its log's last entries did not come within {}s",
                        containerId,
                        READ_SECONDS);
                return;
            }
        } catch (IOException e) {
            log.debug("container {}: closing the read of its log's tail: {}", containerId, e);
        }
        for (boolean isStderr : new boolean[] {false, true}) {
            byte[] last = tail.last(isStderr);
            if (last != null
                    && last.length > 0
                    && last[last.length - 1] != '\n'
                    && !Arrays.equals(last, pump.last(isStderr))) {
                log.info(
                        "container {}: the log stream lost the last {} bytes of its {}; written"
                                + " from the log",
                        containerId,
                        last.length,
                        isStderr ? "stderr" : "stdout");
                pump.write(isStderr, last);
            }
        }
    }
}
