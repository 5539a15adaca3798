package io.caravel.cli;

import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.wasm.WasmEngineSpec;
import io.caravel.api.spec.ParsedJob;
import java.io.IOException;
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
 * {@code caravel wasm run [flags] MODULE [ARG...]}: builds a wasm job from flags, as Bacalhau's
 * {@code wasm run} does (modules resolved by {@link WasmModuleArguments}), and submits it like
 * {@code job run}. The words after the module become its {@code Parameters}.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Runs a WebAssembly module as a job: MODULE [ARG...]; MODULE is a URI, a local file "
                        + "PATH[:TARGET] (inlined) or a path in the task.")
final class WasmRunCommand implements Callable<Integer> {
    @ParentCommand WasmCommand wasm;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODULE", description = "The entry module.")
    String module;

    @Parameters(
            index = "1..*",
            paramLabel = "ARG",
            description = "The module's arguments (Parameters).")
    List<String> parameters = new ArrayList<>();

    @Option(
            names = {"-I", "--import-modules"},
            split = ",",
            paramLabel = "MODULE",
            description =
                    "Modules to instantiate first: URI:TARGET, PATH:TARGET or a path in the task; "
                            + "comma-separated, repeatable.")
    List<String> importModules = new ArrayList<>();

    @Option(
            names = "--entry-point",
            paramLabel = "NAME",
            defaultValue = WasmEngineSpec.DEFAULT_ENTRYPOINT,
            description = "The exported function to call (default ${DEFAULT-VALUE}).")
    String entryPoint;

    @Mixin JobSpecFlags job;

    @Mixin JobSubmitter submitter;

    @Override
    public Integer call() throws Exception {
        return submitter.run(
                this::prepare,
                false,
                wasm.root,
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    private ParsedJob prepare() throws IOException {
        List<InputSource> inputs = new ArrayList<>();
        WasmModuleArguments.Module entry = WasmModuleArguments.entry(module);
        entry.input().ifPresent(inputs::add);
        List<String> importPaths = new ArrayList<>();
        for (String value : importModules) {
            WasmModuleArguments.Module imported = WasmModuleArguments.imported(value);
            imported.input().ifPresent(inputs::add);
            importPaths.add(imported.path());
        }
        WasmEngineSpec engine =
                new WasmEngineSpec(entry.path(), entryPoint, parameters, importPaths);
        SpecConfig config = SpecConfig.of(SpecTypes.ENGINE_WASM, engine.toParams());
        return job.prepare(config, inputs);
    }
}
