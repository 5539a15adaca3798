package io.caravel.cli;

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

/** {@code caravel job run FILE|-}: submits a job spec and, by default, waits for it to end. */
@Command(
        name = "run",
        description = "Submits a job spec (YAML or JSON) and waits " + "for it to end.")
final class JobRunCommand implements Callable<Integer> {
    @ParentCommand JobCommand job;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The spec file; - reads stdin.")
    String file;

    @Mixin JobSubmitter submitter;

    @Option(names = "--no-template", description = "Do not expand {{.Name}} template variables.")
    boolean noTemplate;

    // Not mixinStandardHelpOptions: its -V (version) would take Bacalhau's -V (template variables).
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(
            names = {"-V", "--template-vars"},
            paramLabel = "KEY=VALUE",
            description = "A template variable (repeatable).")
    List<String> templateVars = new ArrayList<>();

    @Option(
            names = {"-E", "--template-envs"},
            paramLabel = "REGEX",
            description =
                    "Environment variables whose names match REGEX become template variables; * means all.")
    String templateEnvs;

    @Option(names = "--hide-warnings", description = "Do not print the spec's warnings.")
    boolean hideWarnings;

    @Override
    public Integer call() throws Exception {
        CaravelCommand root = job.root;
        TemplateExpander template =
                noTemplate ? null : TemplateExpander.of(templateVars, templateEnvs, root.env());
        return submitter.run(
                () -> SpecSource.read(file, root.stdin(), template),
                hideWarnings,
                root,
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
