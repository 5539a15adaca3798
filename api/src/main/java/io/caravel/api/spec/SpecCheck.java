package io.caravel.api.spec;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks spec files from the command line until {@code caravel job validate} exists: prints each
 * prepared job in canonical YAML, or every problem with its field path. Exit code 0 when all are
 * valid, 1 when any is not, 2 on usage errors.
 */
public final class SpecCheck {
    private SpecCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: SpecCheck FILE...");
            return 2;
        }
        int status = 0;
        for (String arg : args) {
            try {
                ParsedJob parsed = JobSpecs.parseSpecFile(Files.readAllBytes(Path.of(arg)));
                parsed.warnings().forEach(w -> err.println(arg + ": warning: " + w));
                out.println("# " + arg + ": valid");
                out.print(JobSpecWriter.toSpecYaml(parsed.job()));
            } catch (CaravelException e) {
                err.println(arg + ": " + (e.problems().isEmpty() ? e.getMessage() : "invalid"));
                for (Problem p : e.problems()) {
                    err.println("  " + p);
                }
                err.println("  hint: " + e.hint());
                status = 1;
            } catch (IOException e) {
                err.println(arg + ": cannot read: " + e.getMessage());
                status = 1;
            }
        }
        return status;
    }
}
