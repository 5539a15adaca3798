package io.caravel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravel job}: the job verbs. */
@Command(name = "job", mixinStandardHelpOptions = true, description = "Runs and inspects jobs.")
final class JobCommand implements Runnable {
    @ParentCommand CaravelCommand root;

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a job command is required");
    }
}
