package io.caravel.cli.serve;

import io.caravel.cli.JobLogStreams;
import io.javalin.Javalin;
import io.temporal.client.WorkflowClient;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bacalhau's public API v1 over one Temporal client, on Javalin (Jetty). Stateless: any number can
 * serve one Temporal namespace behind a load balancer.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    /**
     * Where to listen, the bearer token every request must carry (none: an open server), and the
     * TLS context to serve HTTPS with (none: plain HTTP).
     */
    public record Settings(
            String host, int port, Optional<String> token, Optional<SSLContext> tls) {
        public Settings(String host, int port, Optional<String> token) {
            this(host, port, token, Optional.empty());
        }
    }

    /**
     * Binds {@code settings.host():settings.port()} (port 0 picks a free one) and serves, job logs
     * from {@code logs}.
     *
     * @throws java.io.UncheckedIOException (from Jetty) when the port is taken
     */
    public static ApiServer start(Settings settings, WorkflowClient client, JobLogStreams logs) {
        Json json = new Json();
        AuthRoutes auth = new AuthRoutes(settings.token());
        Javalin app =
                Javalin.create(
                        config -> {
                            config.startup.showJavalinBanner = false;
                            config.jetty.host = settings.host();
                            config.jetty.port = settings.port();
                            settings.tls()
                                    .ifPresent(
                                            tls ->
                                                    config.jetty.addConnector(
                                                            (server, http) -> {
                                                                SslContextFactory.Server ssl =
                                                                        new SslContextFactory
                                                                                .Server();
                                                                ssl.setSslContext(tls);
                                                                ServerConnector connector =
                                                                        new ServerConnector(
                                                                                server, ssl);
                                                                connector.setHost(settings.host());
                                                                connector.setPort(settings.port());
                                                                return connector;
                                                            }));
                            config.routes.before(auth::check);
                            config.routes.wsBeforeUpgrade(auth::check);
                            auth.bind(config.routes, json);
                            AgentRoutes.bind(config.routes, json);
                            new JobRoutes(client, json).bind(config.routes);
                            new NodeRoutes(client, json).bind(config.routes);
                            new LogRoutes(logs).bind(config.routes);
                            config.routes.exception(
                                    Exception.class,
                                    (e, ctx) -> {
                                        ApiError error = ApiErrors.of(e);
                                        if (error.status() >= 500) {
                                            LOG.warn(
                                                    "{} {}: {}",
                                                    ctx.method(),
                                                    ctx.path(),
                                                    e.toString(),
                                                    e);
                                        }
                                        json.error(ctx, error);
                                    });
                            config.routes.error(
                                    404,
                                    ctx -> {
                                        if (ctx.attribute(Json.ERROR_WRITTEN) == null) {
                                            json.error(
                                                    ctx,
                                                    ApiError.notFound(
                                                            "no such endpoint: "
                                                                    + ctx.method()
                                                                    + " "
                                                                    + ctx.path(),
                                                            "Caravel serves Bacalhau's API v1: docs/compatibility.md lists its endpoints"));
                                        }
                                    });
                        });
        app.start();
        return new ApiServer(app);
    }

    /** The port it listens on. */
    public int port() {
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector s && s.getLocalPort() > 0) {
                return s.getLocalPort();
            }
        }
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
