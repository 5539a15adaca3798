package io.caravel.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code caravel completion}: the bash (and zsh) completion script. */
@Command(
        name = "completion",
        description = {
            "Prints the bash completion script.",
            "Load it with: source <(caravel completion)"
        })
final class CompletionCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("caravel", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
