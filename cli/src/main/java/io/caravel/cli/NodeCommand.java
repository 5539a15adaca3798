package io.caravel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravel node}: the worker nodes. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Inspects worker nodes.")
final class NodeCommand implements Runnable {
    @ParentCommand CaravelCommand root;

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a node command is required");
    }
}
