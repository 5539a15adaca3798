package io.caravel.cli;

import io.caravel.activities.providers.local.ResultsServerSettings;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import io.caravel.cli.serve.ApiServer;
import io.caravel.workers.results.PemServerTls;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caravel serve}: Bacalhau's API on {@code --host:--port} (127.0.0.1:1234, Bacalhau's
 * default), backed by the Temporal server of {@code --address}, until Ctrl-C. Keeps no state of its
 * own.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves Bacalhau's API v1 over Temporal, so that `bacalhau` and Bacalhau's clients work"
                    + " against Caravel, until Ctrl-C.",
            "Point them at it with BACALHAU_API_HOST and BACALHAU_API_PORT."
        })
final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description =
                    "The address to listen on (default"
                            + " ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "1234",
            description =
                    "The port to listen on (default ${DEFAULT-VALUE},"
                            + " Bacalhau's; 0 picks a free one).")
    int port;

    @Mixin ResultsAccess access;

    @Option(
            names = "--api-token",
            defaultValue = "${env:CARAVEL_API_TOKEN}",
            paramLabel = "TOKEN",
            description =
                    "Require `Authorization: Bearer TOKEN` (the Bacalhau CLI sends BACALHAU_API_KEY so) on every"
                            + " request but agent alive and version (env CARAVEL_API_TOKEN).")
    String token;

    @Option(
            names = "--api-tls-cert",
            paramLabel = "PEM",
            defaultValue = "${env:CARAVEL_API_TLS_CERT}",
            description =
                    "Serve HTTPS with this PEM certificate (chain); needs --api-tls-key (env CARAVEL_API_TLS_CERT).")
    Path tlsCert;

    @Option(
            names = "--api-tls-key",
            paramLabel = "PEM",
            defaultValue = "${env:CARAVEL_API_TLS_KEY}",
            description =
                    "The unencrypted PKCS#8 PEM key of --api-tls-cert (env CARAVEL_API_TLS_KEY).")
    Path tlsKey;

    @Override
    public Integer call() throws InterruptedException {
        CaravelCommand root = (CaravelCommand) spec.root().userObject();
        if (port < 0 || port > 65535) {
            throw new CliException(
                    "--port " + port + " is not a port", "pass 0 to 65535", ExitCodes.USAGE, null);
        }
        Optional<SSLContext> tls = tls();
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = root.connect();
                ApiServer server = start(connection, tls)) {
            out.println(
                    "Bacalhau API v1 on "
                            + (tls.isPresent() ? "https" : "http")
                            + "://"
                            + host
                            + ":"
                            + server.port()
                            + " over Temporal at "
                            + root.address()
                            + ", namespace "
                            + root.namespace()
                            + (token == null || token.isBlank() ? "" : " (token required)"));
            out.println(
                    "Use it:  BACALHAU_API_HOST="
                            + host
                            + " BACALHAU_API_PORT="
                            + server.port()
                            + " bacalhau job list");
            out.println("Press Ctrl-C to stop.");
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(stopped::countDown, "caravel-serve-shutdown"));
            stopped.await();
        }
        return ExitCodes.OK;
    }

    /** The TLS context of --api-tls-cert and --api-tls-key, which go together. */
    private Optional<SSLContext> tls() {
        boolean cert = tlsCert != null && !tlsCert.toString().isBlank();
        boolean key = tlsKey != null && !tlsKey.toString().isBlank();
        if (cert != key) {
            throw new CliException(
                    (cert ? "--api-tls-cert" : "--api-tls-key")
                            + " needs "
                            + (cert ? "--api-tls-key" : "--api-tls-cert"),
                    "pass a PEM certificate and its unencrypted PKCS#8 key, or neither",
                    ExitCodes.USAGE,
                    null);
        }
        if (!cert) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    PemServerTls.context(
                            new ResultsServerSettings.ServerTls(tlsCert, tlsKey),
                            "--api-tls-cert",
                            "--api-tls-key"));
        } catch (CaravelException e) {
            Problem p = e.problems().get(0);
            throw new CliException(
                    p.path() + ": " + p.message(),
                    "pass a PEM certificate and its unencrypted PKCS#8"
                            + " key (openssl pkcs8 -topk8 -nocrypt)",
                    ExitCodes.USAGE,
                    e);
        }
    }

    private ApiServer start(Connection connection, Optional<SSLContext> tls) {
        try {
            return ApiServer.start(
                    new ApiServer.Settings(host, port, Optional.ofNullable(token), tls),
                    connection.client(),
                    new JobLogStreams(connection.client(), access.logClient()));
        } catch (RuntimeException e) {
            if (ErrorReporter.find(e, java.net.BindException.class) != null) {
                throw new CliException(
                        "port " + port + " on " + host + " is already in use",
                        "is another caravel serve"
                                + " or a Bacalhau node running? pick another port with --port");
            }
            throw e;
        }
    }
}
