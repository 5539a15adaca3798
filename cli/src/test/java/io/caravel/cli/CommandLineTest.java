package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The verbs that need no shared server, usage errors, and the failures a user meets first. */
class CommandLineTest {
    private static final String NOOP = JobCommandsTest.NOOP.toString();

    @Test
    @Timeout(60)
    void embeddedRunsOneJobEndToEndAndStopsItsServer() {
        Cli.Result r = Cli.at(null).run("job", "run", "--embedded", NOOP);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("Completed")
                .contains("  hello from caravel")
                .as("no hints pointing at a server that is gone")
                .doesNotContain("caravel job describe");
    }

    @Test
    void jobRunHelpShowsUsageAndTemplateVariablesKeepTheirShortFlag() {
        Cli.Result r = Cli.at(null).run("job", "run", "--help");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Usage: caravel job run").contains("-V, --template-vars");
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        Cli.Result r = Cli.at(null).run("job", "run", "--bogus", NOOP);

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("Unknown option: '--bogus'");
    }

    @Test
    void aMissingFileIsOneLineWithAHint() {
        Cli.Result r = Cli.at(null).run("job", "run", "no/such/spec.yaml");

        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err())
                .isEqualTo(
                        "caravel: cannot read no/such/spec.yaml: no such file\n"
                                + "hint: check the path; pass - to read the spec from stdin\n");
    }

    @Test
    @Timeout(20)
    void anUnreachableServerFailsWithinTheDeadlineNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String address = "127.0.0.1:" + port;

        Cli.Result r = Cli.at(address).run("job", "run", NOOP);

        assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err().lines().toList()).hasSize(2);
        assertThat(r.err())
                .startsWith("caravel: cannot reach Temporal at " + address + ": ")
                .endsWith(
                        "hint: start one with `caravel dev` or pass --address; for a server that requires TLS pass"
                                + " --tls or the --tls-* flags\n")
                .doesNotContain("at io.");
    }

    @Test
    void devSaysInOneLineWhenItsPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Result r = Cli.at(null).run("dev", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(r.err())
                    .startsWith(
                            "caravel: port "
                                    + taken.getLocalPort()
                                    + " on 127.0.0.1 is already in use\n"
                                    + "hint: is `caravel dev` or a Temporal server already running?");
        }
    }

    @Test
    void versionNamesCaravelAndTheTemporalSdk() {
        Cli.Result r = Cli.at(null).run("version");

        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("caravel \\S+\n").contains("temporal-sdk 1.");
    }

    @Test
    void completionPrintsABashScriptForEveryVerb() {
        Cli.Result r = Cli.at(null).run("completion");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("complete -F")
                .contains("_picocli_caravel_job_run")
                .contains("--embedded");
    }

    @Test
    void workerHandsItsArgumentsToTheWorkerProcess() {
        Cli.Result help = Cli.at(null).run("worker", "--help");
        assertThat(help.code()).as(help.toString()).isZero();
        assertThat(help.out())
                .startsWith("Usage: caravel-worker [--config FILE] [--key=value ...]")
                .contains("--temporal-address");

        Cli.Result bad = Cli.at(null).run("worker", "--no-such-key=1");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("caravel-worker: ").contains("no-such-key");
    }

    @Test
    void aCommandIsRequired() {
        assertThat(Cli.at(null).run().code()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.at(null).run("job").code()).isEqualTo(ExitCodes.USAGE);
    }
}
