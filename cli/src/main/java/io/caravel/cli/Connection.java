package io.caravel.cli;

import io.caravel.workers.tls.TemporalTls;
import io.caravel.workflows.CaravelDataConverter;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.handler.ssl.NotSslRecordException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A client of one Temporal namespace with Caravel's data converter. Opening it checks that the
 * server answers within {@link #CONNECT_TIMEOUT}, so an unreachable server fails in seconds with
 * {@link ExitCodes#UNREACHABLE} instead of after the SDK's long retries.
 */
public final class Connection implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Channel channel;
    private final WorkflowClient client;

    private Connection(Channel channel, WorkflowClient client) {
        this.channel = channel;
        this.client = client;
    }

    /** Connects to {@code address} in plaintext, as to the embedded default. */
    static Connection open(String address, String namespace) {
        return open(address, namespace, TemporalTls.OFF);
    }

    /**
     * Connects to {@code address} with {@code tls}.
     *
     * @throws CliException exit code {@link ExitCodes#UNREACHABLE} naming the address and the
     *     reason, also when the TLS handshake fails; {@link ExitCodes#USAGE} when a TLS file cannot
     *     be used
     */
    public static Connection open(String address, String namespace, TemporalTls tls) {
        return withClient(Channel.open(address, tls), namespace);
    }

    /**
     * Starts connecting to {@code address} on another thread, so that the caller can meanwhile do
     * work that does not need the server (read and check a spec): the gRPC and Temporal classes
     * load and the first call is made in parallel with it.
     */
    static Pending openInBackground(String address, String namespace, TemporalTls tls) {
        CompletableFuture<Channel> channel =
                CompletableFuture.supplyAsync(
                        () -> Channel.open(address, tls),
                        task -> {
                            Thread thread = new Thread(task, "caravel-connect");
                            thread.setDaemon(true);
                            thread.start();
                        });
        return new Pending(channel, namespace);
    }

    private static Connection withClient(Channel channel, String namespace) {
        WorkflowClient client =
                WorkflowClient.newInstance(
                        channel.stubs,
                        WorkflowClientOptions.newBuilder()
                                .setNamespace(namespace)
                                .setDataConverter(CaravelDataConverter.get())
                                .setIdentity("caravel-cli")
                                .build());
        return new Connection(channel, client);
    }

    /** A connection being opened by {@link #openInBackground}. */
    static final class Pending {
        private final CompletableFuture<Channel> channel;
        private final String namespace;

        private Pending(CompletableFuture<Channel> channel, String namespace) {
            this.channel = channel;
            this.namespace = namespace;
        }

        /**
         * The connection, once open.
         *
         * @throws CliException as {@link #open(String, String, TemporalTls)} does
         */
        Connection await() {
            try {
                return withClient(channel.join(), namespace);
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }

        /** Closes the connection when it opens, for a caller that no longer needs it. */
        void abandon() {
            channel.thenAccept(Channel::close);
        }
    }

    /** The stubs of one server and the event loop they run on. */
    private record Channel(WorkflowServiceStubs stubs, ClientEventLoop eventLoop) {
        static Channel open(String address, TemporalTls tls) {
            WorkflowServiceStubsOptions.Builder builder =
                    WorkflowServiceStubsOptions.newBuilder()
                            .setTarget(address)
                            .setRpcTimeout(Duration.ofSeconds(10));
            TlsFlags.apply(tls, builder);
            ClientEventLoop eventLoop = new ClientEventLoop();
            builder.setChannelInitializer(
                    channel -> {
                        tls.serverName().ifPresent(channel::overrideAuthority);
                        eventLoop.use(channel);
                    });
            try {
                return new Channel(
                        WorkflowServiceStubs.newConnectedServiceStubs(
                                builder.build(), CONNECT_TIMEOUT),
                        eventLoop);
            } catch (StatusRuntimeException e) {
                eventLoop.close();
                if (tls.enabled()
                        && (ErrorReporter.find(e, NotSslRecordException.class) != null
                                || ErrorReporter.find(e, SSLException.class) != null)) {
                    throw tlsFailed(address, e);
                }
                throw unreachable(address, reason(e), e);
            } catch (IllegalArgumentException e) {
                eventLoop.close();
                throw new CliException(
                        "invalid --address " + address + ": " + e.getMessage(),
                        "pass host:port, e.g. 127.0.0.1:7233");
            }
        }

        /**
         * Stops the stubs, then their event loop: the channel's last tasks (cancelling calls still
         * in flight after {@code shutdownNow}) run on that loop, so it must outlive the channel.
         */
        void close() {
            stubs.shutdown();
            try {
                if (!stubs.awaitTermination(2, TimeUnit.SECONDS)) {
                    stubs.shutdownNow();
                    stubs.awaitTermination(2, TimeUnit.SECONDS);
                }
            } catch (RuntimeException e) {
                stubs.shutdownNow();
            } finally {
                eventLoop.close();
            }
        }
    }

    static CliException unreachable(String address, String reason, Throwable cause) {
        return new CliException(
                "cannot reach Temporal at " + address + ": " + reason,
                "start one with `caravel dev` or pass --address; for a server that requires TLS pass --tls"
                        + " or the --tls-* flags",
                ExitCodes.UNREACHABLE,
                cause);
    }

    private static CliException tlsFailed(String address, StatusRuntimeException e) {
        if (ErrorReporter.find(e, NotSslRecordException.class) != null) {
            return new CliException(
                    "cannot reach Temporal at "
                            + address
                            + " over TLS: the server answered in"
                            + " plaintext",
                    "drop the --tls flags and the CARAVEL_TLS* variables for a plaintext server",
                    ExitCodes.UNREACHABLE,
                    e);
        }
        return new CliException(
                "cannot reach Temporal at " + address + " over TLS: " + reason(e),
                "check that "
                        + TlsFlags.CA
                        + " holds the CA that signed the server's certificate, that the"
                        + " certificate names the --address host or "
                        + TlsFlags.SERVER_NAME
                        + ", and that the server"
                        + " accepts your "
                        + TlsFlags.CERT,
                ExitCodes.UNREACHABLE,
                e);
    }

    /** The shortest useful account of a failed call: the root cause's message, else the status. */
    static String reason(StatusRuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null) {
            return root.getMessage();
        }
        String description = e.getStatus().getDescription();
        return e.getStatus().getCode() + (description == null ? "" : " (" + description + ")");
    }

    public WorkflowClient client() {
        return client;
    }

    @Override
    public void close() {
        channel.close();
    }
}
