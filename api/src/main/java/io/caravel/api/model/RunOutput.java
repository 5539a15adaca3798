package io.caravel.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an execution printed and how it ended. {@code stdout}/{@code stderr} here are the first
 * {@link #SUMMARY_LIMIT} bytes; the full streams are in the published results. The JSON key of
 * stderr is lower-case {@code stderr}, as in Bacalhau.
 */
public record RunOutput(
        @JsonProperty("Stdout") String stdout,
        @JsonProperty("StdoutTruncated") boolean stdoutTruncated,
        @JsonProperty("stderr") String stderr,
        @JsonProperty("StderrTruncated") boolean stderrTruncated,
        @JsonProperty("ExitCode") int exitCode,
        @JsonProperty("ErrorMsg") String errorMsg) {

    /** Bytes of each stream kept in the run output (2 KiB, as Bacalhau). */
    public static final int SUMMARY_LIMIT = 2048;

    @JsonCreator
    public RunOutput {
        stdout = Immutables.text(stdout);
        stderr = Immutables.text(stderr);
        errorMsg = Immutables.text(errorMsg);
    }

    /** A non-zero exit code is a completed run; only an error message makes it a failure. */
    public boolean failed() {
        return !errorMsg.isEmpty();
    }
}
