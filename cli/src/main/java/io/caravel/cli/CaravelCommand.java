package io.caravel.cli;

import io.caravel.cli.output.OutputFormat;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root of the {@code caravel} command tree and its global options. */
@Command(name = "caravel", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Runs Bacalhau jobs as durable Temporal workflows.",
        subcommands = {VersionCommand.class, DevCommand.class, JobCommand.class, WorkerCommand.class,
                CompletionCommand.class, DockerCommand.class, WasmCommand.class, NodeCommand.class})
public final class CaravelCommand implements Runnable {
    @Option(names = "--address", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
            defaultValue = "${env:CARAVEL_ADDRESS:-127.0.0.1:7233}",
            description = "The Temporal frontend (env CARAVEL_ADDRESS; default ${DEFAULT-VALUE}).")
    private String address;

    @Option(names = "--namespace", scope = ScopeType.INHERIT, defaultValue = "default",
            description = "The Temporal namespace (default ${DEFAULT-VALUE}).")
    private String namespace;

    @Option(names = TlsFlags.TLS, scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true",
            paramLabel = "BOOL", defaultValue = "${env:CARAVEL_TLS}",
            description = "Connect over TLS with the JVM's trust store (env CARAVEL_TLS). On whenever another"
                    + " --tls-* flag is given.")
    private Boolean tls;

    @Option(names = TlsFlags.CERT, scope = ScopeType.INHERIT, paramLabel = "PEM",
            defaultValue = "${env:CARAVEL_TLS_CERT_PATH}",
            description = "Client certificate for mutual TLS; needs --tls-key-path (env CARAVEL_TLS_CERT_PATH).")
    private String tlsCertPath;

    @Option(names = TlsFlags.KEY, scope = ScopeType.INHERIT, paramLabel = "PEM",
            defaultValue = "${env:CARAVEL_TLS_KEY_PATH}",
            description = "Unencrypted PKCS#8 private key of --tls-cert-path (env CARAVEL_TLS_KEY_PATH).")
    private String tlsKeyPath;

    @Option(names = TlsFlags.CA, scope = ScopeType.INHERIT, paramLabel = "PEM",
            defaultValue = "${env:CARAVEL_TLS_CA_PATH}",
            description = "CA certificate(s) to verify the server with instead of the JVM's trust store"
                    + " (env CARAVEL_TLS_CA_PATH).")
    private String tlsCaPath;

    @Option(names = TlsFlags.SERVER_NAME, scope = ScopeType.INHERIT, paramLabel = "NAME",
            defaultValue = "${env:CARAVEL_TLS_SERVER_NAME}",
            description = "The name the server's certificate must carry, when not the --address host"
                    + " (env CARAVEL_TLS_SERVER_NAME).")
    private String tlsServerName;

    @Option(names = "--output", scope = ScopeType.INHERIT, defaultValue = "table", paramLabel = "FORMAT",
            description = "table, json or yaml (default ${DEFAULT-VALUE}).")
    private OutputFormat output;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    private boolean debug;

    private InputStream stdin = System.in;
    private Map<String, String> env = System.getenv();

    /** A command line with Caravel's error handling, writing to the process's stdout and stderr. */
    public static CommandLine commandLine() {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.in,
                System.getenv());
    }

    /** A command line writing to {@code out} and {@code err}, reading {@code -} from {@code stdin}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, InputStream stdin,
            Map<String, String> env) {
        CaravelCommand root = new CaravelCommand();
        root.stdin = stdin;
        root.env = Map.copyOf(env);
        CommandLine cl = new CommandLine(root);
        JobSpecFlags.claimOutputName(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required");
    }

    String address() {
        return address;
    }

    String namespace() {
        return namespace;
    }

    OutputFormat output() {
        return output;
    }

    boolean debug() {
        return debug;
    }

    InputStream stdin() {
        return stdin;
    }

    Map<String, String> env() {
        return env;
    }

    /** Connects to the configured server. */
    Connection connect() {
        return Connection.open(address, namespace,
                new TlsFlags(tls, tlsCertPath, tlsKeyPath, tlsCaPath, tlsServerName).settings());
    }
}
