package io.caravel.cli;

import io.caravel.cli.serve.ApiServer;
import io.caravel.workers.tls.TemporalTls;
import java.net.BindException;
import java.util.Optional;

/**
 * The Bacalhau API that {@code caravel dev} serves on 127.0.0.1 next to its server and worker. A
 * taken port is not an error: the banner says so and {@code caravel dev} goes on without the API.
 */
final class DevApi implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final Connection connection;
    private final ApiServer server;
    private final String banner;

    private DevApi(Connection connection, ApiServer server, String banner) {
        this.connection = connection;
        this.server = server;
        this.banner = banner;
    }

    static DevApi start(String temporalAddress, int port, String resultsToken) {
        Connection connection = Connection.open(temporalAddress, "default", TemporalTls.OFF);
        try {
            ApiServer server =
                    ApiServer.start(
                            new ApiServer.Settings(HOST, port, Optional.empty()),
                            connection.client(),
                            JobLogStreams.of(connection.client(), resultsToken));
            String env = server.port() == 1234 ? "" : "BACALHAU_API_PORT=" + server.port() + " ";
            return new DevApi(
                    connection,
                    server,
                    "Bacalhau API: http://"
                            + HOST
                            + ":"
                            + server.port()
                            + " (try: "
                            + env
                            + "bacalhau job list)");
        } catch (RuntimeException e) {
            connection.close();
            if (ErrorReporter.find(e, BindException.class) == null) {
                throw e;
            }
            return new DevApi(
                    null,
                    null,
                    "Bacalhau API: off (port "
                            + port
                            + " on "
                            + HOST
                            + " is already in use; pick"
                            + " another with --api-port, or run `caravel serve --port N`)");
        }
    }

    String banner() {
        return banner;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            connection.close();
        }
    }
}
