package io.caravel.cli;

import io.caravel.cli.output.OutputFormat;
import io.caravel.workers.tls.TemporalTls;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root of the {@code caravel} command tree and its global options. */
@Command(
        name = "caravel",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Runs Bacalhau jobs as durable Temporal workflows.")
public final class CaravelCommand implements Runnable {
    @Option(
            names = "--address",
            scope = ScopeType.INHERIT,
            paramLabel = "HOST:PORT",
            defaultValue = "${env:CARAVEL_ADDRESS:-127.0.0.1:7233}",
            description = "The Temporal frontend (env CARAVEL_ADDRESS; default ${DEFAULT-VALUE}).")
    private String address;

    @Option(
            names = "--namespace",
            scope = ScopeType.INHERIT,
            defaultValue = "default",
            description = "The Temporal namespace (default ${DEFAULT-VALUE}).")
    private String namespace;

    @Option(
            names = TlsFlags.TLS,
            scope = ScopeType.INHERIT,
            arity = "0..1",
            fallbackValue = "true",
            paramLabel = "BOOL",
            defaultValue = "${env:CARAVEL_TLS}",
            description =
                    "Connect over TLS with the JVM's trust store (env CARAVEL_TLS). On whenever another"
                            + " --tls-* flag is given.")
    private Boolean tls;

    @Option(
            names = TlsFlags.CERT,
            scope = ScopeType.INHERIT,
            paramLabel = "PEM",
            defaultValue = "${env:CARAVEL_TLS_CERT_PATH}",
            description =
                    "Client certificate for mutual TLS; needs --tls-key-path (env CARAVEL_TLS_CERT_PATH).")
    private String tlsCertPath;

    @Option(
            names = TlsFlags.KEY,
            scope = ScopeType.INHERIT,
            paramLabel = "PEM",
            defaultValue = "${env:CARAVEL_TLS_KEY_PATH}",
            description =
                    "Unencrypted PKCS#8 private key of --tls-cert-path (env CARAVEL_TLS_KEY_PATH).")
    private String tlsKeyPath;

    @Option(
            names = TlsFlags.CA,
            scope = ScopeType.INHERIT,
            paramLabel = "PEM",
            defaultValue = "${env:CARAVEL_TLS_CA_PATH}",
            description =
                    "CA certificate(s) to verify the server with instead of the JVM's trust store"
                            + " (env CARAVEL_TLS_CA_PATH).")
    private String tlsCaPath;

    @Option(
            names = TlsFlags.SERVER_NAME,
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            defaultValue = "${env:CARAVEL_TLS_SERVER_NAME}",
            description =
                    "The name the server's certificate must carry, when not the --address host"
                            + " (env CARAVEL_TLS_SERVER_NAME).")
    private String tlsServerName;

    @Option(
            names = "--output",
            scope = ScopeType.INHERIT,
            defaultValue = "table",
            paramLabel = "FORMAT",
            description = "table, json or yaml (default ${DEFAULT-VALUE}).")
    private OutputFormat output;

    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    private boolean debug;

    private InputStream stdin = System.in;
    private Map<String, String> env = System.getenv();

    /** Runs {@code args} against the process's stdout, stderr, stdin and environment. */
    public static int execute(String[] args) {
        return execute(
                args,
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                System.in,
                System.getenv());
    }

    /**
     * Runs {@code args} writing to {@code out} and {@code err}, reading {@code -} from {@code
     * stdin}. Only the verbs the arguments name are built ({@link CommandTree}); when the arguments
     * do not parse against that branch, the whole tree runs them, so that errors and suggestions
     * are the same as ever.
     *
     * @return the exit code
     */
    public static int execute(
            String[] args,
            PrintWriter out,
            PrintWriter err,
            InputStream stdin,
            Map<String, String> env) {
        CommandLine branch = root(out, err, stdin, env);
        if (CommandTree.addBranch(branch, List.of(args)) && parses(configured(branch), args)) {
            return branch.execute(args);
        }
        return commandLine(out, err, stdin, env).execute(args);
    }

    /** The whole command tree with Caravel's error handling. */
    public static CommandLine commandLine(
            PrintWriter out, PrintWriter err, InputStream stdin, Map<String, String> env) {
        CommandLine cl = root(out, err, stdin, env);
        CommandTree.addAll(cl);
        return configured(cl);
    }

    private static CommandLine root(
            PrintWriter out, PrintWriter err, InputStream stdin, Map<String, String> env) {
        CaravelCommand root = new CaravelCommand();
        root.stdin = stdin;
        root.env = Map.copyOf(env);
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        return cl;
    }

    /** Settings picocli passes only to the subcommands a command has when they are made. */
    private static CommandLine configured(CommandLine cl) {
        cl.setOut(cl.getOut());
        cl.setErr(cl.getErr());
        JobSpecFlags.claimOutputName(cl);
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static boolean parses(CommandLine branch, String[] args) {
        try {
            branch.parseArgs(args);
            return true;
        } catch (CommandLine.ParameterException e) {
            return false;
        }
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
        return Connection.open(address, namespace, tlsSettings());
    }

    /**
     * Starts connecting to the configured server in the background ({@link
     * Connection#openInBackground}).
     */
    Connection.Pending connectInBackground() {
        return Connection.openInBackground(address, namespace, tlsSettings());
    }

    private TemporalTls tlsSettings() {
        return new TlsFlags(tls, tlsCertPath, tlsKeyPath, tlsCaPath, tlsServerName).settings();
    }
}
