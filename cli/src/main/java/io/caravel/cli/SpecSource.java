package io.caravel.cli;

import io.caravel.api.spec.JobSpecs;
import io.caravel.api.spec.ParsedJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a job spec from a file or stdin ({@code -}), applies the template variables and parses it.
 */
final class SpecSource {
    private SpecSource() {}

    /**
     * The prepared job in {@code file}.
     *
     * @param template the variables to expand, or null for {@code --no-template}
     * @throws CliException when the file cannot be read
     * @throws io.caravel.api.errors.CaravelException when the spec or the template is invalid
     */
    static ParsedJob read(String file, InputStream stdin, TemplateExpander template) {
        String text = new String(bytes(file, stdin), StandardCharsets.UTF_8);
        if (template != null) {
            text = template.expand(text);
        }
        return JobSpecs.parseSpecFile(text);
    }

    static byte[] bytes(String file, InputStream stdin) {
        try {
            if ("-".equals(file)) {
                return stdin.readAllBytes();
            }
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CliException(
                    "cannot read " + file + ": no such file",
                    "check the path; pass - to read the spec " + "from stdin");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), "");
        }
    }
}
