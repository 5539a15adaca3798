package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caravel serve}'s own flags: each bad value is a usage error naming the flag, before
 * anything starts.
 */
class ServeCommandTest {
    private static final Cli CLI = Cli.at("127.0.0.1:1");

    @Test
    void aPortOutOfRangeIsAUsageError() {
        Cli.Result r = CLI.run("serve", "--port", "70000");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err())
                .contains("caravel: --port 70000 is not a port")
                .contains("pass 0 to 65535");
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageError() {
        Cli.Result r = CLI.run("serve", "--api-tls-cert", "/etc/cert.pem");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("caravel: --api-tls-cert needs --api-tls-key");
    }

    @Test
    void aFileThatIsNotPemNamesTheFlag(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key");
        Cli.Result r =
                CLI.run(
                        "serve",
                        "--api-tls-cert",
                        cert.toString(),
                        "--api-tls-key",
                        key.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("caravel: --api-tls-cert: " + cert);
    }

    @Test
    void anUnreachableTemporalIsExitThree() {
        Cli.Result r = CLI.run("serve", "--port", "0");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("cannot reach Temporal at 127.0.0.1:1");
    }
}
