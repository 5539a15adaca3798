package io.caravel.cli;

import io.caravel.activities.providers.ipfs.KuboClient;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobType;
import io.caravel.api.model.SpecConfig;
import io.caravel.cli.providers.ResultFetchers;
import io.caravel.cli.results.ResultsDownloader;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code caravel job get ID}: downloads the published results of every completed execution and
 * unpacks them, safely, into {@code job-<ID>/} in Bacalhau's layout ({@code stdout}, {@code
 * stderr}, {@code exitCode}, one folder per result path; several executions merged as Bacalhau
 * merges them).
 */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description =
                "Downloads a job's results into "
                        + "job-<ID>/ (stdout, stderr, exitCode, one folder per result path).")
final class JobGetCommand implements Callable<Integer> {
    @ParentCommand JobCommand job;

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "ID|NAME",
            description =
                    "The job: its ID, the short ID `job list` prints (any unique prefix), or its Name.")
    String id;

    @Option(
            names = "--output-dir",
            paramLabel = "DIR",
            description =
                    "Where to put the results (default: job-<ID>, or job-<NAMESPACE>-<ID> outside the default"
                            + " namespace).")
    Path outputDir;

    @Option(names = "--raw", description = "Keep the downloaded archives in <DIR>/raw.")
    boolean raw;

    @Mixin ResultsAccess access;

    @Option(
            names = "--ipfs-api",
            paramLabel = "URL",
            defaultValue = "${env:CARAVEL_IPFS_API:-" + KuboClient.DEFAULT_API + "}",
            description =
                    "Kubo RPC API that fetches ipfs results (env CARAVEL_IPFS_API; default ${DEFAULT-VALUE});"
                            + " empty: ipfs results are not downloaded.")
    String ipfsApi;

    @Option(
            names = "--ipfs-timeout",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "How long fetching one ipfs result may take (default ${DEFAULT-VALUE}).")
    long ipfsTimeoutSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        List<ExecutionRecord> executions;
        try (Connection connection = job.root.connect()) {
            id = JobResolver.resolve(connection.client(), id);
            JobDescription d = JobQueries.describe(connection.client(), id);
            String type = d.job() == null ? "" : d.job().type();
            if (JobType.parse(type).map(JobType::isLongRunning).orElse(false)) {
                throw new CliException(
                        "job type " + type + " does not support results",
                        "a "
                                + type
                                + " job runs until stopped and publishes nothing; its output: caravel job logs "
                                + id);
            }
            executions = new ExecutionPager(connection.client(), d).all();
        }
        List<SpecConfig> results =
                executions.stream()
                        .filter(e -> e.state() == ExecutionStateType.COMPLETED)
                        .map(ExecutionRecord::publishedResult)
                        .filter(r -> !r.isEmpty())
                        .toList();
        if (results.isEmpty()) {
            out.println("No results found");
            out.println("To see the output of the job: caravel job describe " + id);
            out.flush();
            return ExitCodes.OK;
        }
        Path target = outputDir != null ? outputDir : Path.of(defaultDirName());
        PrintWriter err = spec.commandLine().getErr();
        ResultsDownloader downloader =
                access.downloader()
                        .withWarnings(
                                w -> {
                                    err.println("Warning: " + w);
                                    err.flush();
                                });
        int count;
        // The fetchers of the other families' results (s3, ipfs ...), by published type.
        try (ResultFetchers fetchers =
                ResultFetchers.open(
                        new ResultFetchers.Options(
                                ipfsApi, Duration.ofSeconds(ipfsTimeoutSeconds)))) {
            count = fetchers.addTo(downloader).download(results, target, raw);
        }
        out.println(
                "Results of "
                        + count
                        + (count == 1 ? " execution" : " executions")
                        + " are in "
                        + target.toAbsolutePath().normalize());
        out.flush();
        return ExitCodes.OK;
    }

    private String defaultDirName() {
        String ns = job.root.namespace();
        return "default".equals(ns) ? "job-" + id : "job-" + ns + "-" + id;
    }
}
