package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a container's log frames, demultiplexed by docker, to the execution's stdout and stderr as
 * they come, flushing each frame so that a follower of the node's logs endpoint (which reads the
 * results files) sees them at once.
 */
final class LogPump extends StreamCompletion<Frame> {
    private final OutputStream stdout;
    private final OutputStream stderr;
    private volatile IOException writeFailure;
    private volatile byte[] lastStdout;
    private volatile byte[] lastStderr;

    LogPump(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public void onNext(Frame frame) {
        boolean isStderr = frame.getStreamType() == StreamType.STDERR;
        if (isStderr) {
            lastStderr = frame.getPayload();
        } else {
            lastStdout = frame.getPayload();
        }
        write(isStderr, frame.getPayload());
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

    /** The payload of the last frame of stderr (or stdout) this pump got; null before any. */
    byte[] last(boolean isStderr) {
        return isStderr ? lastStderr : lastStdout;
    }

    /** Throws the first write that failed, if any. */
    void throwIfFailed() throws IOException {
        if (writeFailure != null) {
            throw writeFailure;
        }
    }
}
