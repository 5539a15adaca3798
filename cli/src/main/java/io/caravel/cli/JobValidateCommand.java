package io.caravel.cli;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.spec.JobSpecs;
import io.caravel.api.spec.ParsedJob;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code caravel job validate FILE...}: checks specs as {@code job run} would, without submitting;
 * silent for valid files, every problem with its field path for invalid ones. Templates are not
 * expanded.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Checks job specs without submitting " + "them; exit 1 when any is invalid.")
final class JobValidateCommand implements Callable<Integer> {
    @ParentCommand JobCommand job;

    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Spec files; - reads stdin.")
    List<String> files;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        int code = ExitCodes.OK;
        for (String file : files) {
            try {
                ParsedJob parsed = JobSpecs.parseSpecFile(SpecSource.bytes(file, job.root.stdin()));
                JobSpecs.assignIdentity(parsed.job(), JobSpecs.newJobId());
            } catch (CaravelException | CliException e) {
                err.println("caravel: " + file + ": " + e.getMessage());
                code = ExitCodes.FAILED;
            }
        }
        err.flush();
        return code;
    }
}
