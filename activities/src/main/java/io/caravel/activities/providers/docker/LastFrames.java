package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

/**
 * A container's log stream that keeps the payload of the last frame of each of stdout and stderr.
 */
class LastFrames extends StreamCompletion<Frame> {
    private volatile byte[] lastStdout;
    private volatile byte[] lastStderr;

    @Override
    public void onNext(Frame frame) {
        if (isStderr(frame)) {
            lastStderr = frame.getPayload();
        } else {
            lastStdout = frame.getPayload();
        }
    }

    /** The payload of the last frame of stderr (or stdout) so far; null before any. */
    final byte[] last(boolean isStderr) {
        return isStderr ? lastStderr : lastStdout;
    }

    static boolean isStderr(Frame frame) {
        return frame.getStreamType() == StreamType.STDERR;
    }
}
