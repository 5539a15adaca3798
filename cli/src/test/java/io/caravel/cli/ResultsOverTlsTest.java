package io.caravel.cli;

import static io.caravel.cli.JobCommandsTest.talkingSlowJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.cli.embedded.EmbeddedCluster;
import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.InvalidConfigException;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.OrchestrationSettings;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose results server speaks HTTPS with a self-signed certificate ({@code
 * resultsTlsCert}, {@code resultsTlsKey}): {@code job get} and {@code job logs} reach it when told
 * to trust that certificate ({@code --results-ca-cert}), and refuse it otherwise.
 */
@Timeout(120)
class ResultsOverTlsTest {
    private static final String ON_TLS_NODE =
            "Type: batch\nConstraints:\n  - Key: results\n    Operator: =\n"
                    + "    Values: [tls]\n";

    @TempDir static Path dir;

    static EmbeddedCluster cluster;
    static WorkerProcess secure;
    static SelfSignedPem pem;
    static Cli cli;

    @BeforeAll
    static void start() throws Exception {
        pem = SelfSignedPem.create(Files.createDirectories(dir.resolve("pem")));
        cluster =
                EmbeddedCluster.start(
                        0, Files.createDirectories(dir.resolve("dev")), Duration.ofSeconds(1));
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(cluster.address())
                        .nodeId("secure")
                        .storageDir(Files.createDirectories(dir.resolve("secure")))
                        .labels(Map.of("results", "tls"))
                        .resultsPort(0)
                        .resultsTlsCert(pem.cert())
                        .resultsTlsKey(pem.key())
                        .build();
        secure =
                WorkerProcess.start(
                        config, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS));
        cli = Cli.at(cluster.address());
    }

    @AfterAll
    static void stop() {
        if (secure != null) {
            secure.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void getDownloadsOverHttpsTrustingTheGivenCaAndRefusesWithoutIt() throws Exception {
        String spec =
                talkingSlowJob("over tls", 0).replace("Type: batch\n", ON_TLS_NODE)
                        + "    Publisher:\n      Type: local\n";
        Cli.Result run = cli.stdin(spec).run("job", "run", "--id-only", "-");
        assertThat(run.code()).as(run.toString()).isZero();
        String id = run.out().strip();
        assertThat(cli.run("job", "describe", "--output", "json", id).out())
                .contains("https://127.0.0.1:");

        Path out = dir.resolve("got");
        Cli.Result get =
                cli.run(
                        "job",
                        "get",
                        id,
                        "--output-dir",
                        out.toString(),
                        "--results-ca-cert",
                        pem.cert().toString());
        assertThat(get.code()).as(get.toString()).isZero();
        assertThat(Files.readString(out.resolve("stdout"))).isEqualTo("over tls");

        Cli.Result untrusted =
                cli.run("job", "get", id, "--output-dir", dir.resolve("not").toString());
        assertThat(untrusted.code()).as(untrusted.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(untrusted.err()).startsWith("caravel: ").doesNotContain("\tat ");
        assertThat(dir.resolve("not").resolve("stdout")).doesNotExist();
    }

    @Test
    void logsFollowOverHttpsTrustingTheGivenCaAndRefuseWithoutIt() throws Exception {
        String spec = talkingSlowJob("secret bird", 3).replace("Type: batch\n", ON_TLS_NODE);
        String id = cli.stdin(spec).run("job", "run", "--wait=false", "-").out().strip();
        StringWriter live = new StringWriter();

        CompletableFuture<Cli.Result> following =
                CompletableFuture.supplyAsync(
                        () ->
                                Cli.at(cluster.address())
                                        .output(live)
                                        .run(
                                                "job",
                                                "logs",
                                                "-f",
                                                "--results-ca-cert",
                                                pem.cert().toString(),
                                                id));
        while (!live.toString().contains("secret bird") && !following.isDone()) {
            Thread.sleep(20);
        }
        Cli.Result untrusted = cli.run("job", "logs", id);
        Cli.Result logs = following.get();

        assertThat(logs.code()).as(logs.toString()).isZero();
        assertThat(logs.out()).isEqualTo("secret bird");
        assertThat(logs.err())
                .as("read from the node over HTTPS, not from the job's copy")
                .isEmpty();
        assertThat(untrusted.code()).as(untrusted.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(untrusted.err())
                .startsWith(
                        "caravel: cannot talk TLS with the results server at https://127.0.0.1:")
                .contains(
                        "hint: if its certificate is signed by a private CA, pass --results-ca-cert");
    }

    @Test
    void aKeyThatIsNotPkcs8IsAConfigurationErrorNamingTheKey() throws Exception {
        Path bad =
                Files.writeString(
                        dir.resolve("bad-key.pem"),
                        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
                                + "-----END RSA PRIVATE KEY-----\n");
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(cluster.address())
                        .nodeId("broken")
                        .storageDir(Files.createDirectories(dir.resolve("broken")))
                        .resultsPort(0)
                        .resultsTlsCert(pem.cert())
                        .resultsTlsKey(bad)
                        .build();

        Throwable thrown =
                org.assertj.core.api.Assertions.catchThrowable(
                        () ->
                                WorkerProcess.start(
                                                config,
                                                BuiltinProviders.assembly(
                                                        OrchestrationSettings.DEFAULTS))
                                        .stop());

        assertThat(thrown).isNotNull();
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof InvalidConfigException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("%s", thrown).isNotNull();
        assertThat(cause.getMessage())
                .contains("resultsTlsKey")
                .contains("PKCS#8")
                .contains("openssl pkcs8");
    }
}
