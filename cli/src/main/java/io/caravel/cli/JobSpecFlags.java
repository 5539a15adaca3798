package io.caravel.cli;

import io.caravel.api.cli.ConstraintsParser;
import io.caravel.api.cli.InputUriParser;
import io.caravel.api.cli.JobFlags;
import io.caravel.api.cli.LabelsParser;
import io.caravel.api.cli.OutputVolumeParser;
import io.caravel.api.cli.PublisherUriParser;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.model.TimeoutConfig;
import io.caravel.api.spec.JobSpecs;
import io.caravel.api.spec.ParsedJob;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The job and task flags of {@code docker run} and {@code wasm run}, as Bacalhau's ({@code
 * cliflags/job.go}, {@code cliflags/task.go}), and the job they describe around an engine.
 */
final class JobSpecFlags {
    private static final String OUTPUT_SHORT = "-o";
    private static final String OUTPUT_LONG = "--output";

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The job name (default: generated from the ID).")
    String name = "";

    @Option(
            names = "--priority",
            paramLabel = "N",
            defaultValue = "0",
            description = "The job priority (default 0).")
    int priority;

    @Option(
            names = {"-l", "--labels"},
            paramLabel = "KEY[=VALUE][,...]",
            description = "Job labels, comma-separated, repeatable; a bare KEY has an empty value.")
    List<String> labels = new ArrayList<>();

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "How many executions of a batch or service job (default 1).")
    Integer count;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            hidden = true,
            description = "Deprecated alias of --count, as in Bacalhau.")
    Integer concurrency;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--target",
            paramLabel = "any|all",
            defaultValue = "any",
            description =
                    "any: run on one matching node (batch); all: on every matching node (ops). Default any.")
    String target;

    @Option(
            names = "--constraints",
            paramLabel = "SELECTOR",
            description = "Node label selector, e.g. 'env=prod,region notin (a, b),size>42'.")
    String constraints = "";

    @Option(
            names = "--task-name",
            paramLabel = "NAME",
            defaultValue = "main",
            description = "The task name (default main).")
    String taskName;

    @Option(
            names = {"-e", "--env"},
            paramLabel = "KEY=VALUE",
            description = "A task environment variable; repeatable, or comma-separated pairs.")
    List<String> env = new ArrayList<>();

    @Option(
            names = {"-i", "--input"},
            paramLabel = "URI[:TARGET]|src=URI,dst=TARGET[,opt=K=V]",
            description =
                    "An input (ipfs://, http(s)://, s3://, file://); repeatable; target default /inputs.")
    List<String> inputs = new ArrayList<>();

    /** Also named {@code --output} on these verbs by {@link #claimOutputName}. */
    @Option(
            names = OUTPUT_SHORT,
            paramLabel = "NAME:PATH",
            description =
                    "A result path; repeatable. Here --output means this, not the output format.")
    List<String> outputs = new ArrayList<>();

    @Option(
            names = {"-p", "--publisher"},
            paramLabel = "URI|TYPE[,opt=K=V]",
            description = "Where results go: local, ipfs, s3://BUCKET/KEY, s3managed.")
    String publisher = "";

    @Option(
            names = "--cpu",
            paramLabel = "CPU",
            description = "CPU, e.g. 500m or 2 (default 500m).")
    String cpu = "";

    @Option(
            names = "--memory",
            paramLabel = "SIZE",
            description = "Memory, e.g. 1Gb (default 512Mb).")
    String memory = "";

    @Option(names = "--disk", paramLabel = "SIZE", description = "Disk, e.g. 10Gb.")
    String disk = "";

    @Option(names = "--gpu", paramLabel = "N", description = "Number of GPUs.")
    String gpu = "";

    @Option(
            names = "--network",
            paramLabel = "TYPE",
            description = "default, none, host, full, http or bridge (any case).")
    String network;

    @Option(
            names = "--domain",
            paramLabel = "DOMAIN",
            description =
                    "A domain the HTTP network may reach; repeatable; only with --network=http.")
    List<String> domains = new ArrayList<>();

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "Total timeout of the job in seconds (default 0: the server's).")
    long timeout;

    @Option(
            names = "--queue-timeout",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description =
                    "How long the job may wait for a node, in seconds (default 0: the server's).")
    long queueTimeout;

    /**
     * Gives {@code -o} its Bacalhau long name {@code --output} on every verb with these flags, in
     * place of the global {@code --output FORMAT} that every verb inherits (a job-building verb
     * prints no table to format). Picocli adds inherited options after the verbs' own, so the name
     * can only be taken over once the whole command tree is built.
     */
    static void claimOutputName(CommandLine root) {
        CommandSpec spec = root.getCommandSpec();
        if (spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof JobSpecFlags)) {
            OptionSpec format = spec.findOption(OUTPUT_LONG);
            if (format != null) {
                spec.remove(format);
            }
            OptionSpec outputs = spec.findOption(OUTPUT_SHORT);
            spec.remove(outputs);
            spec.addOption(outputs.toBuilder().names(OUTPUT_SHORT, OUTPUT_LONG).build());
        }
        root.getSubcommands().values().forEach(JobSpecFlags::claimOutputName);
    }

    /**
     * The count given by {@code --count} or by its deprecated alias {@code --concurrency} (which
     * prints Bacalhau's deprecation note); 1 when neither is given.
     */
    private int count() {
        if (concurrency == null) {
            return count == null ? 1 : count;
        }
        if (count != null) {
            throw new CliException(
                    "--count and --concurrency cannot be used together",
                    "drop --concurrency: it is the deprecated name of --count",
                    ExitCodes.USAGE,
                    null);
        }
        mixee.commandLine()
                .getErr()
                .println("Flag --concurrency has been deprecated, use --count instead");
        mixee.commandLine().getErr().flush();
        return concurrency;
    }

    /**
     * The prepared job these flags describe, running {@code engine} with the {@code -i} inputs
     * after {@code engineInputs} (the inputs the engine needs, such as an inlined WASM module).
     *
     * @throws io.caravel.api.errors.CaravelException naming the flag for a bad flag value, or
     *     listing every problem of the resulting spec
     */
    ParsedJob prepare(SpecConfig engine, List<InputSource> engineInputs) {
        List<InputSource> allInputs = new ArrayList<>(engineInputs);
        inputs.forEach(i -> allInputs.add(InputUriParser.parse(i)));
        NetworkConfig networkConfig = JobFlags.networkFor(network, domains);
        Task task =
                Task.builder()
                        .name(taskName)
                        .engine(engine)
                        .publisher(
                                publisher.isEmpty()
                                        ? SpecConfig.EMPTY
                                        : PublisherUriParser.parse(publisher))
                        .env(JobFlags.parseEnv(env))
                        .inputSources(allInputs)
                        .resultPaths(outputs.stream().map(OutputVolumeParser::parse).toList())
                        .resources(new ResourcesConfig(cpu, memory, disk, gpu))
                        .network(networkConfig.type() == NetworkType.DEFAULT ? null : networkConfig)
                        .timeouts(new TimeoutConfig(0, queueTimeout, timeout))
                        .build();
        Job job =
                Job.builder()
                        .name(name)
                        .type(JobFlags.jobTypeForTarget(target))
                        .priority(priority)
                        .count(count())
                        .labels(LabelsParser.parse(labels))
                        .constraints(ConstraintsParser.parse(constraints))
                        .task(task)
                        .build();
        return JobSpecs.prepare(job, List.of());
    }
}
