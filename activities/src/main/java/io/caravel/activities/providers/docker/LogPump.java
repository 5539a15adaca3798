package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a container's log frames, demultiplexed by docker, to the execution's stdout and stderr as
 * they come, flushing each frame so that a follower of the node's logs endpoint (which reads the
 * results files) sees them at once.
 */
final class LogPump extends LastFrames {
    private final OutputStream stdout;
    private final OutputStream stderr;
    private volatile IOException writeFailure;

    LogPump(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public void onNext(Frame frame) {
        super.onNext(frame);
        write(isStderr(frame), frame.getPayload());
    }

    /** Writes {@code payload} to the execution's stderr (or stdout) after what came before. */
    void write(boolean isStderr, byte[] payload) {
        OutputStream out = isStderr ? stderr : stdout;
        try {
            out.write(payload);
            out.flush();
        } catch (IOException e) {
            writeFailure = e;
        }
    }

    /** Throws the first write that failed, if any. */
    void throwIfFailed() throws IOException {
        if (writeFailure != null) {
            throw writeFailure;
        }
    }
}
