package io.caravel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravel wasm}: jobs that run a WebAssembly module. */
@Command(name = "wasm", mixinStandardHelpOptions = true, description = "Runs WebAssembly jobs.")
final class WasmCommand implements Runnable {
    @ParentCommand CaravelCommand root;

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a wasm command is required");
    }
}
