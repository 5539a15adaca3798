package io.caravel.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a user reads: SpecCheck's report of a broken spec, compared with a golden file. */
class SpecCheckTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SpecCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void brokenSpecReportMatchesGoldenFile() throws IOException {
        assertThat(run("../examples/invalid/many-problems.yaml")).isEqualTo(1);
        String expected = Files.readString(Path.of("src/test/resources/golden/many-problems.txt"));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void validSpecPrintsCanonicalYaml() {
        assertThat(run("../examples/docker-hello.yaml")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("# ../examples/docker-hello.yaml: valid")
                .contains("Image: \"busybox:1.36\"")
                .contains("CPU: \"500m\"")
                .contains("Memory: \"512mb\"");
    }

    @Test
    void usageAndMissingFile() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("no/such/file.yaml")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no/such/file.yaml: cannot read");
    }
}
