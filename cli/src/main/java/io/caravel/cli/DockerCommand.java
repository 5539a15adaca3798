package io.caravel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravel docker}: jobs that run a container image. */
@Command(name = "docker", mixinStandardHelpOptions = true, description = "Runs container jobs.")
final class DockerCommand implements Runnable {
    @ParentCommand CaravelCommand root;

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a docker command is required");
    }
}
