package io.caravel.cli.embedded;

import java.util.List;

/**
 * The Temporal server of the embedded default: the in-memory Java test server ({@link
 * LoopbackTestServer}) or a {@code temporal server start-dev} child process ({@link
 * DevTemporalServer}), on 127.0.0.1.
 */
public interface EmbeddedServer extends AutoCloseable {
    /** Where clients connect: {@code 127.0.0.1:<port>}. */
    String address();

    /**
     * Lines for {@code caravel dev}'s banner: which server runs, where its data is, where its UI
     * is.
     */
    List<String> describe();

    /** Whether jobs, {@code job list} and results survive a restart on the same storage. */
    boolean durable();

    /** Stops the server; safe to call twice. */
    @Override
    void close();
}
