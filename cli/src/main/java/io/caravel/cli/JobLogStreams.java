package io.caravel.cli;

import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * A job's logs as {@code caravel job logs} prints them, for other front ends (the API server's
 * WebSocket): read from the nodes' results servers, or the job's kept copy when a node has none.
 */
public final class JobLogStreams {
    private final WorkflowClient client;
    private final LogClient logs;

    JobLogStreams(WorkflowClient client, LogClient logs) {
        this.client = client;
        this.logs = logs;
    }

    /**
     * Logs read with {@code resultsToken} (the nodes' {@code resultsToken}; null for none) over
     * plain HTTP or the system's TLS trust.
     */
    public static JobLogStreams of(WorkflowClient client, String resultsToken) {
        return new JobLogStreams(
                client,
                new LogClient(
                        resultsToken,
                        HttpClient.newBuilder()
                                .connectTimeout(Duration.ofSeconds(10))
                                .followRedirects(HttpClient.Redirect.NEVER)
                                .build()));
    }

    /**
     * Writes the logs of job {@code jobIdOrName} (its ID, short ID or Name) as {@code caravel job
     * logs} does: stdout to {@code out}, stderr and notes to {@code err}.
     *
     * @param executionId one execution, or null for the latest (of each partition)
     * @throws CliException for an unknown job or execution
     */
    public void stream(
            String jobIdOrName,
            String executionId,
            boolean follow,
            boolean tail,
            PrintWriter out,
            PrintWriter err)
            throws InterruptedException {
        String id = JobResolver.resolve(client, jobIdOrName);
        new LogStreamer(client, logs, out, err).stream(id, executionId, follow, tail);
    }
}
