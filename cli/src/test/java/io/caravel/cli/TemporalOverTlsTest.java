package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.cli.embedded.LoopbackTestServer;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global {@code --tls*} flags against a real Temporal frontend (the Java test server) that
 * speaks TLS with a self-signed certificate for 127.0.0.1 and requires a client certificate signed
 * by the client's own self-signed CA, and against the plaintext embedded server.
 */
@Timeout(120)
class TemporalOverTlsTest {
    @TempDir static Path dir;

    static SelfSignedPem server;
    static SelfSignedPem client;
    static LoopbackTestServer tlsServer;
    static LoopbackTestServer plainServer;

    @BeforeAll
    static void start() throws Exception {
        server = SelfSignedPem.create(Files.createDirectories(dir.resolve("server")));
        client = SelfSignedPem.create(Files.createDirectories(dir.resolve("client")));
        SslContextBuilder tls =
                GrpcSslContexts.configure(
                                SslContextBuilder.forServer(
                                        server.cert().toFile(), server.key().toFile()))
                        .trustManager(client.cert().toFile())
                        .clientAuth(ClientAuth.REQUIRE);
        tlsServer = LoopbackTestServer.startTls(0, tls.build());
        plainServer = LoopbackTestServer.start(0);
    }

    @AfterAll
    static void stop() {
        if (tlsServer != null) {
            tlsServer.close();
        }
        if (plainServer != null) {
            plainServer.close();
        }
    }

    @Test
    void mutualTlsReachesTheServerPresentingTheClientCertificateAndTrustingTheGivenCa() {
        Cli.Result r = describeMissingJob(tlsServer, mutualTls());

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err())
                .as("the server answered over TLS")
                .startsWith("caravel: job no-such-job not found\n");
    }

    @Test
    void theServerNameOverridesTheHostTheCertificateMustName() {
        List<String> flags = new ArrayList<>(mutualTls());
        flags.addAll(List.of("--tls-server-name", "localhost"));
        Cli.Result named = describeMissingJob(tlsServer, flags);
        flags.set(flags.size() - 1, "temporal.example.com");
        Cli.Result misnamed = describeMissingJob(tlsServer, flags);

        assertThat(named.err())
                .as(named.toString())
                .startsWith("caravel: job no-such-job not found\n");
        assertThat(misnamed.code()).as(misnamed.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(misnamed.err())
                .startsWith(
                        "caravel: cannot reach Temporal at " + tlsServer.address() + " over TLS: ")
                .contains("temporal.example.com");
    }

    @Test
    void withoutAClientCertificateTheServerRefusesInOneLine() {
        Cli.Result r =
                describeMissingJob(tlsServer, List.of("--tls-ca-path", server.cert().toString()));

        assertTlsFailure(r, tlsServer);
    }

    @Test
    void aServerNotSignedByTheGivenCaIsRefused() {
        Cli.Result r =
                describeMissingJob(
                        tlsServer,
                        List.of(
                                "--tls-cert-path",
                                client.cert().toString(),
                                "--tls-key-path",
                                client.key().toString(),
                                "--tls-ca-path",
                                client.cert().toString()));

        assertTlsFailure(r, tlsServer);
    }

    @Test
    void tlsAgainstAPlaintextServerFailsInSecondsNamingTls() {
        Cli.Result r = describeMissingJob(plainServer, mutualTls());

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err())
                .isEqualTo(
                        "caravel: cannot reach Temporal at "
                                + plainServer.address()
                                + " over TLS:"
                                + " the server answered in plaintext\nhint: drop the --tls flags and the CARAVEL_TLS* variables for a"
                                + " plaintext server\n");
    }

    @Test
    void bareTlsTurnsTlsOnWithTheJvmTrustStore() {
        Cli.Result r = describeMissingJob(plainServer, List.of("--tls"));

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err())
                .startsWith(
                        "caravel: cannot reach Temporal at "
                                + plainServer.address()
                                + " over TLS:"
                                + " the server answered in plaintext\n");
    }

    @Test
    void noServerAtAllIsTheUsualUnreachableErrorEvenWithTls() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.at("127.0.0.1:" + port).run("--tls", "job", "describe", "no-such-job");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err())
                .startsWith("caravel: cannot reach Temporal at 127.0.0.1:" + port + ": ")
                .contains("hint: start one with `caravel dev`");
    }

    @Test
    void plaintextAgainstATlsServerIsUnreachable() {
        Cli.Result r = describeMissingJob(tlsServer, List.of());

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err())
                .startsWith("caravel: cannot reach Temporal at " + tlsServer.address() + ": ")
                .endsWith("for a server that requires TLS pass --tls or the --tls-* flags\n")
                .doesNotContain("\tat ");
        assertThat(r.err().lines()).hasSize(2);
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageError() {
        Cli.Result r =
                Cli.at(tlsServer.address())
                        .run(
                                "--tls-cert-path",
                                client.cert().toString(),
                                "job",
                                "describe",
                                "no-such-job");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .isEqualTo(
                        "caravel: --tls-cert-path needs --tls-key-path: a client certificate is a"
                                + " certificate and its private key\nhint: pass both --tls-cert-path and --tls-key-path, or neither"
                                + " for TLS without a client certificate\n");
    }

    @Test
    void aKeyWithoutItsCertificateIsAUsageErrorAlsoAfterTheVerb() {
        Cli.Result r =
                Cli.at(tlsServer.address())
                        .run(
                                "job",
                                "describe",
                                "--tls-key-path",
                                client.key().toString(),
                                "no-such-job");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("caravel: --tls-key-path needs --tls-cert-path: ");
    }

    @Test
    void tlsFalseWithATlsFileIsAUsageError() {
        Cli.Result r =
                describeMissingJob(
                        tlsServer,
                        List.of("--tls=false", "--tls-ca-path", server.cert().toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("caravel: --tls=false contradicts --tls-ca-path\nhint: ");
    }

    @Test
    void aMissingFileIsOneLineNamingTheFlagAndThePath() {
        Path missing = dir.resolve("no-such-ca.pem");
        Cli.Result r = describeMissingJob(tlsServer, List.of("--tls-ca-path", missing.toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList())
                .containsExactly(
                        "caravel: --tls-ca-path: cannot read " + missing + ": no such file",
                        "hint: pass readable PEM files: certificates for --tls-cert-path and --tls-ca-path, an unencrypted"
                                + " PKCS#8 key for --tls-key-path");
    }

    @Test
    void aFileThatIsNotPemIsOneLineNamingTheFlags() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not-a-cert.pem"), "hello\n");
        Cli.Result r = describeMissingJob(tlsServer, List.of("--tls-ca-path", notPem.toString()));

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList()).hasSize(2);
        assertThat(r.err())
                .startsWith("caravel: --tls: the TLS files cannot be used: ")
                .contains("--tls-cert-path and --tls-ca-path must be PEM certificates");
    }

    private static List<String> mutualTls() {
        return List.of(
                "--tls-cert-path",
                client.cert().toString(),
                "--tls-key-path",
                client.key().toString(),
                "--tls-ca-path",
                server.cert().toString());
    }

    private static Cli.Result describeMissingJob(LoopbackTestServer target, List<String> tlsFlags) {
        List<String> args = new ArrayList<>(tlsFlags);
        args.addAll(List.of("job", "describe", "no-such-job"));
        return Cli.at(target.address()).run(args.toArray(String[]::new));
    }

    private static void assertTlsFailure(Cli.Result r, LoopbackTestServer target) {
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err().lines().toList()).as(r.toString()).hasSize(2);
        assertThat(r.err())
                .startsWith("caravel: cannot reach Temporal at " + target.address() + " over TLS: ")
                .contains("hint: check that --tls-ca-path holds the CA")
                .doesNotContain("\tat ");
    }
}
