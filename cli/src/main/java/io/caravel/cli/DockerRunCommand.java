package io.caravel.cli;

import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.docker.DockerEngineSpec;
import java.util.ArrayList;
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
 * {@code caravel docker run [flags] IMAGE [COMMAND] [ARG...]}: builds a docker job from flags, as
 * Bacalhau's {@code docker run} does, and submits it like {@code job run}. The words after the
 * image become the engine's {@code Parameters} (the container's CMD); flags meant for the container
 * go after {@code --}.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Runs a container image as a job: IMAGE [COMMAND] [ARG...]; put the container's own flags "
                        + "after --.")
final class DockerRunCommand implements Callable<Integer> {
    @ParentCommand DockerCommand docker;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image, IMAGE[:TAG|@DIGEST].")
    String image;

    @Parameters(
            index = "1..*",
            paramLabel = "ARG",
            description = "The command and its arguments (Parameters).")
    List<String> parameters = new ArrayList<>();

    @Option(
            names = {"-w", "--workdir"},
            paramLabel = "PATH",
            description = "The container's working directory; absolute (default: the image's).")
    String workdir = "";

    @Option(
            names = "--entrypoint",
            split = ",",
            paramLabel = "WORD",
            description = "Overrides the image's ENTRYPOINT; comma-separated, repeatable.")
    List<String> entrypoint = new ArrayList<>();

    @Mixin JobSpecFlags job;

    @Mixin JobSubmitter submitter;

    @Override
    public Integer call() throws Exception {
        DockerEngineSpec engine =
                new DockerEngineSpec(image, entrypoint, parameters, List.of(), workdir);
        SpecConfig config = SpecConfig.of(SpecTypes.ENGINE_DOCKER, engine.toParams());
        return submitter.run(
                () -> job.prepare(config, List.of()),
                false,
                docker.root,
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
