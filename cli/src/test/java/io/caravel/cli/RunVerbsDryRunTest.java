package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.Task;
import io.caravel.api.providers.inline.InlineSourceSpec;
import io.caravel.api.spec.JobSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker run} and {@code wasm run} build their jobs as Bacalhau's CLI does (BACALHAU-SPEC
 * conformance cases 46, 48, 53, 63-67), checked through {@code --dry-run}: no server is needed, and
 * the printed YAML is read back as {@code job run} would read it.
 */
class RunVerbsDryRunTest {
    /** No server listens here: a dry run must not connect. */
    private static final Cli CLI = Cli.at("127.0.0.1:1");

    private static Cli.Result run(String... args) {
        return CLI.run(args);
    }

    private static Job dockerJob(String... flags) {
        List<String> args = new ArrayList<>(List.of("docker", "run", "--dry-run"));
        args.addAll(List.of(flags));
        args.add("ubuntu:24.04");
        Cli.Result r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isZero();
        return JobSpecs.parseSpecFile(r.out()).job();
    }

    private static Task task(Job job) {
        return job.task().orElseThrow();
    }

    @Test
    void defaultsAreBacalhaus() {
        Job job = dockerJob();

        assertThat(job.count()).isEqualTo(1);
        assertThat(job.type()).isEqualTo("batch");
        assertThat(job.namespace()).isEqualTo("default");
        assertThat(job.priority()).isZero();
        assertThat(task(job).name()).isEqualTo("main");
        assertThat(task(job).network().type()).isEqualTo(NetworkType.DEFAULT);
        assertThat(task(job).publisher().isEmpty()).isTrue();
        assertThat(task(job).engine().params())
                .containsEntry("Image", "ubuntu:24.04")
                .containsEntry("Entrypoint", List.of())
                .containsEntry("Parameters", List.of());
    }

    @Test
    void targetAllIsOpsAnyIsBatchAndAnythingElseIsRefused() {
        assertThat(dockerJob("--target=all").type()).isEqualTo("ops");
        assertThat(dockerJob("--target=any").type()).isEqualTo("batch");

        Cli.Result bad = run("docker", "run", "--dry-run", "--target=batch", "ubuntu");
        assertThat(bad.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err()).contains("invalid target \"batch\"; accepted: any, all");
    }

    @Test
    void labelsMapBareKeysToEmptyAndRejectInvalidOnes() {
        assertThat(dockerJob("-l", "foo=bar", "--labels", "baz=buz,bare").labels())
                .isEqualTo(Map.of("foo", "bar", "baz", "buz", "bare", ""));

        for (String bad : List.of("=bar", "🐟=bar", "foo=🐟")) {
            Cli.Result r = run("docker", "run", "--dry-run", "-l", bad, "ubuntu");
            assertThat(r.code()).as(bad).isEqualTo(ExitCodes.FAILED);
            assertThat(r.err()).as(bad).contains("invalid label");
        }
    }

    @Test
    void constraintsAreSortedByKey() {
        Job job =
                dockerJob(
                        "--constraints",
                        "scale!=linear,env=prod,region notin (Utumno, Mordor, Isengard),size>42");

        assertThat(job.constraints())
                .extracting(LabelSelectorRequirement::key)
                .containsExactly("env", "region", "scale", "size");
        assertThat(job.constraints().get(1).values())
                .containsExactly("Isengard", "Mordor", "Utumno");
        assertThat(job.constraints().get(3).operator()).isEqualTo("gt");
    }

    @Test
    void envGoesToTheTaskResourcesStayStringsAndTimeoutsAreSeconds() {
        Job job =
                dockerJob(
                        "--env=FOO=bar",
                        "--env",
                        "BAZ=buz",
                        "--cpu=1",
                        "--memory=2",
                        "--disk=3",
                        "--gpu=4",
                        "--timeout=300",
                        "--queue-timeout=120",
                        "--priority=3",
                        "--count=2",
                        "--name=flags",
                        "--task-name=work");

        Task task = task(job);
        assertThat(task.env()).isEqualTo(Map.of("FOO", "bar", "BAZ", "buz"));
        assertThat(task.engine().params()).containsEntry("EnvironmentVariables", List.of());
        assertThat(task.resources()).isEqualTo(new ResourcesConfig("1", "2", "3", "4"));
        assertThat(task.timeouts().totalTimeout()).isEqualTo(300);
        assertThat(task.timeouts().queueTimeout()).isEqualTo(120);
        assertThat(task.name()).isEqualTo("work");
        assertThat(job.priority()).isEqualTo(3);
        assertThat(job.count()).isEqualTo(2);
        assertThat(job.name()).isEqualTo("flags");
    }

    @Test
    void concurrencyIsTheDeprecatedNameOfCountAndNotBoth() {
        Cli.Result docker = run("docker", "run", "--dry-run", "--concurrency=3", "ubuntu:24.04");
        assertThat(docker.code()).as(docker.toString()).isZero();
        assertThat(JobSpecs.parseSpecFile(docker.out()).job().count()).isEqualTo(3);
        assertThat(docker.err())
                .isEqualTo("Flag --concurrency has been deprecated, use --count instead\n");

        Cli.Result wasm = run("wasm", "run", "--dry-run", "--concurrency", "2", "ipfs://QmModule");
        assertThat(wasm.code()).as(wasm.toString()).isZero();
        assertThat(JobSpecs.parseSpecFile(wasm.out()).job().count()).isEqualTo(2);

        Cli.Result both =
                run("docker", "run", "--dry-run", "--count=2", "--concurrency=3", "ubuntu:24.04");
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err())
                .startsWith("caravel: --count and --concurrency cannot be used together\nhint: ");
    }

    @Test
    void networkAndDomains() {
        Task http =
                task(
                        dockerJob(
                                "--network=HTTP",
                                "--domain",
                                "example.com",
                                "--domain",
                                ".foo.com"));
        assertThat(http.network().type()).isEqualTo(NetworkType.HTTP);
        assertThat(http.network().domains()).containsExactly("example.com", ".foo.com");
        assertThat(task(dockerJob("--network=http")).network().type()).isEqualTo(NetworkType.HTTP);
        assertThat(task(dockerJob("--network=none")).network().type()).isEqualTo(NetworkType.NONE);

        Cli.Result noneWithDomain =
                run(
                        "docker",
                        "run",
                        "--dry-run",
                        "--network=none",
                        "--domain=example.com",
                        "ubuntu");
        assertThat(noneWithDomain.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(noneWithDomain.err()).contains("can only be set for HTTP network mode");

        Cli.Result invalid = run("docker", "run", "--dry-run", "--network=invalid", "ubuntu");
        assertThat(invalid.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(invalid.err()).contains("invalid network \"invalid\"");
    }

    @Test
    void publisherUris() {
        assertThat(task(dockerJob("--publisher=s3://myBucket/myKey")).publisher().params())
                .containsEntry("Bucket", "myBucket")
                .containsEntry("Key", "myKey");
        assertThat(
                        task(dockerJob(
                                        "-p",
                                        "s3://myBucket/myKey,opt=region=us-west-2,option=endpoint=http://127.0.0.1:9000"))
                                .publisher()
                                .params())
                .containsEntry("Region", "us-west-2")
                .containsEntry("Endpoint", "http://127.0.0.1:9000");
        assertThat(task(dockerJob("-p", "local")).publisher().type()).isEqualTo("local");

        Cli.Result bad = run("docker", "run", "--dry-run", "-p=abc://123", "ubuntu");
        assertThat(bad.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err()).contains("abc");
    }

    @Test
    void inputsAndOutputs() {
        Task task =
                task(
                        dockerJob(
                                "-i",
                                "ipfs://QmCid:/data",
                                "-i",
                                "s3://bucket/key",
                                "-o",
                                "out:/outputs",
                                "--output",
                                "logs:/logs"));

        assertThat(task.inputSources())
                .extracting(InputSource::target)
                .containsExactly("/data", "/inputs");
        assertThat(task.resultPaths())
                .extracting(r -> r.name() + ":" + r.path())
                .containsExactly("out:/outputs", "logs:/logs");

        Cli.Result bad = run("docker", "run", "--dry-run", "-o", "a:b:c", "ubuntu");
        assertThat(bad.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.err()).contains("invalid output volume");
    }

    @Test
    void imageArgumentsWorkdirAndEntrypoint() {
        Cli.Result r =
                run(
                        "docker",
                        "run",
                        "--dry-run",
                        "-w",
                        "/work",
                        "--entrypoint",
                        "sh,-c",
                        "ubuntu",
                        "--",
                        "ls -la",
                        "-x");
        assertThat(r.code()).as(r.toString()).isZero();
        Map<String, Object> params = task(JobSpecs.parseSpecFile(r.out()).job()).engine().params();

        assertThat(params)
                .containsEntry("Image", "ubuntu")
                .containsEntry("Entrypoint", List.of("sh", "-c"))
                .containsEntry("Parameters", List.of("ls -la", "-x"))
                .containsEntry("WorkingDirectory", "/work");

        // As with cobra, a flag for the container must follow --; before it, it is one of
        // caravel's.
        Cli.Result containerFlag = run("docker", "run", "--dry-run", "ubuntu", "ls", "-x");
        assertThat(containerFlag.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(containerFlag.err()).startsWith("Unknown option: '-x'");
    }

    @Test
    void workdirMustBeAbsolute() {
        for (String ok : List.of("", "/", "/foo//", "/foo//bar")) {
            assertThat(task(dockerJob("-w", ok)).engine().params())
                    .containsEntry("WorkingDirectory", ok);
        }
        for (String bad : List.of("./myDir", "../myDir", "http://foo.com")) {
            Cli.Result r = run("docker", "run", "--dry-run", "-w", bad, "ubuntu");
            assertThat(r.code()).as(bad).isEqualTo(ExitCodes.FAILED);
            assertThat(r.err()).as(bad).contains("must contain absolute path");
        }
    }

    @Test
    void aLocalWasmModuleIsInlinedAtItsNameOrItsTarget(@TempDir Path dir) throws IOException {
        byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0};
        Path file = Files.write(dir.resolve("main.wasm"), module);

        Task plain = wasmTask(file.toString(), "arg1");
        assertThat(plain.engine().params())
                .containsEntry("EntryModule", "main.wasm")
                .containsEntry("Entrypoint", "_start")
                .containsEntry("Parameters", List.of("arg1"));
        assertThat(plain.inputSources())
                .singleElement()
                .satisfies(
                        i -> {
                            assertThat(i.target()).isEqualTo("main.wasm");
                            assertThat(i.source().type()).isEqualTo("inline");
                            assertThat(InlineSourceSpec.decode(i.source()).decode())
                                    .isEqualTo(module);
                        });

        Task targeted = wasmTask(file + ":/app/custom.wasm");
        assertThat(targeted.engine().params()).containsEntry("EntryModule", "/app/custom.wasm");
        assertThat(targeted.inputSources())
                .singleElement()
                .extracting(InputSource::target)
                .isEqualTo("/app/custom.wasm");
    }

    @Test
    void aWasmModuleUriIsMountedAtMainWasmAndAPathIsTakenAsIs() {
        Task uri = wasmTask("ipfs://QmModule", "--entry-point", "run");
        assertThat(uri.engine().params())
                .containsEntry("EntryModule", "main.wasm")
                .containsEntry("Entrypoint", "run");
        assertThat(uri.inputSources())
                .singleElement()
                .extracting(InputSource::target)
                .isEqualTo("main.wasm");

        Task path =
                wasmTask(
                        "/inputs/app.wasm", "-i", "ipfs://QmDir:/inputs", "-I", "/inputs/lib.wasm");
        assertThat(path.engine().params())
                .containsEntry("EntryModule", "/inputs/app.wasm")
                .containsEntry("ImportModules", List.of("/inputs/lib.wasm"));
        assertThat(path.inputSources()).extracting(InputSource::target).containsExactly("/inputs");

        Cli.Result noTarget = run("wasm", "run", "--dry-run", "-I", "ipfs://QmLib", "main.wasm");
        assertThat(noTarget.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(noTarget.err())
                .startsWith("caravel: import module ipfs://QmLib needs a target path");
    }

    @Test
    void aWasmModuleTooLargeToInlineIsRefusedWithAHint(@TempDir Path dir) throws IOException {
        Path big =
                Files.write(dir.resolve("big.wasm"), new byte[InlineSourceSpec.MAX_ENCODED_BYTES]);

        Cli.Result r = run("wasm", "run", "--dry-run", big.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err())
                .contains("big.wasm is 1.00 MiB")
                .contains("hint: publish the module and pass its URI");
    }

    private static Task wasmTask(String... args) {
        List<String> all = new ArrayList<>(List.of("wasm", "run", "--dry-run"));
        all.addAll(List.of(args));
        Cli.Result r = run(all.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isZero();
        return task(JobSpecs.parseSpecFile(r.out()).job());
    }
}
