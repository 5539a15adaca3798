package io.caravel.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravel.cli.JobLogStreams;
import io.caravel.workflows.CaravelDataConverter;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/orchestrator/jobs/{id}/logs} as a WebSocket, as Bacalhau's: one message per
 * line, {@code {"value": {"Type": 1|2, "Line": "..."}}} (1 stdout, 2 stderr), with {@code follow},
 * {@code tail} and {@code execution_id}. The lines come from {@link JobLogStreams}, as {@code
 * caravel job logs} reads them; the socket closes normally at the end, or with code 1011 and the
 * reason (an unknown job, say), which Bacalhau's CLI prints.
 */
final class LogRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LogRoutes.class);
    private static final int STDOUT = 1;
    private static final int STDERR = 2;

    /** How often a log socket is pinged while it streams (Jetty closes one idle for 30 s). */
    static final long PING_SECONDS = 10;

    /** A WebSocket close reason holds at most 123 bytes. */
    private static final int MAX_REASON = 120;

    private final JobLogStreams logs;
    private final Map<String, Thread> streams = new ConcurrentHashMap<>();

    LogRoutes(JobLogStreams logs) {
        this.logs = logs;
    }

    void bind(RoutesConfig routes) {
        routes.ws(
                "/api/v1/orchestrator/jobs/{id}/logs",
                ws -> {
                    ws.onConnect(
                            ctx -> {
                                // A followed job can be quiet for longer than Jetty's idle timeout;
                                // pings keep the socket open.
                                ctx.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS);
                                Thread t =
                                        new Thread(
                                                () -> stream(ctx), "api-logs-" + ctx.sessionId());
                                t.setDaemon(true);
                                streams.put(ctx.sessionId(), t);
                                t.start();
                            });
                    ws.onClose(
                            ctx -> {
                                Thread t = streams.remove(ctx.sessionId());
                                if (t != null) {
                                    t.interrupt();
                                }
                            });
                });
    }

    private void stream(WsContext ctx) {
        try (PrintWriter out = new PrintWriter(new LineSender(ctx, STDOUT));
                PrintWriter err = new PrintWriter(new LineSender(ctx, STDERR))) {
            String execution = ctx.queryParam("execution_id");
            logs.stream(
                    ctx.pathParam("id"),
                    execution == null || execution.isBlank() ? null : execution,
                    Boolean.parseBoolean(ctx.queryParam("follow")),
                    Boolean.parseBoolean(ctx.queryParam("tail")),
                    out,
                    err);
            out.flush();
            err.flush();
            ctx.closeSession(1000, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the client went away
        } catch (RuntimeException e) {
            ApiError error = ApiErrors.of(e);
            if (error.status() >= 500) {
                LOG.warn("logs of {}: {}", ctx.pathParam("id"), e.toString(), e);
            }
            String reason = error.getMessage();
            byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
            ctx.closeSession(
                    1011,
                    bytes.length <= MAX_REASON
                            ? reason
                            : new String(bytes, 0, MAX_REASON, StandardCharsets.UTF_8));
        } finally {
            streams.remove(ctx.sessionId());
        }
    }

    /**
     * Sends what is written to it a whole line at a time, as one message per line; the rest on
     * flush.
     */
    private static final class LineSender extends Writer {
        private static final ObjectMapper MAPPER = CaravelDataConverter.mapper();

        private final WsContext ctx;
        private final int type;
        private final StringBuilder pending = new StringBuilder();

        LineSender(WsContext ctx, int type) {
            this.ctx = ctx;
            this.type = type;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                pending.append(buf[i]);
                if (buf[i] == '\n') {
                    send();
                }
            }
        }

        @Override
        public synchronized void flush() {
            if (pending.length() > 0) {
                send();
            }
        }

        @Override
        public void close() {
            flush();
        }

        private void send() {
            try {
                ctx.send(
                        MAPPER.writeValueAsString(
                                Map.of("value", Map.of("Type", type, "Line", pending.toString()))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            pending.setLength(0);
        }
    }
}
