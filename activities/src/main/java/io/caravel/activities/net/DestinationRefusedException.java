package io.caravel.activities.net;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.util.List;

/**
 * A destination a job chose, refused by the node's outbound policy ({@code DESTINATION_REFUSED},
 * not retryable). It keeps what was refused ({@code urlDownload http://...}, {@code s3 endpoint
 * http://...}) apart from why, so the step that knows where it came from can name it: {@code input
 * 0 (urlDownload http://127.0.0.1:9/x): destination 127.0.0.1 is loopback, ...}.
 */
public final class DestinationRefusedException extends CaravelException {
    private static final long serialVersionUID = 1L;
    private static final String HINT =
            "fetch from a public address, or ask the node's operator to allow-list the"
                    + " destination ("
                    + DestinationPolicy.SETTING
                    + "; for S3 endpoints also s3AllowedEndpoints)";

    private final String subject;
    private final String reason;

    /**
     * @param subject what was refused: the input or endpoint, e.g. {@code urlDownload
     *     http://host/x}
     * @param reason the rule that refused it, one line
     */
    public DestinationRefusedException(String subject, String reason, Throwable cause) {
        this(subject + ": " + reason, subject, reason, cause);
    }

    private DestinationRefusedException(
            String message, String subject, String reason, Throwable cause) {
        super(ErrorCode.DESTINATION_REFUSED, message, HINT, List.of(), cause);
        this.subject = subject;
        this.reason = reason;
    }

    public String subject() {
        return subject;
    }

    public String reason() {
        return reason;
    }

    /**
     * The same refusal, placed: {@code <where> (<subject>): <reason>}, e.g. where = {@code input
     * 0}.
     */
    public DestinationRefusedException at(String where) {
        return new DestinationRefusedException(
                where + " (" + subject + "): " + reason, subject, reason, this);
    }
}
