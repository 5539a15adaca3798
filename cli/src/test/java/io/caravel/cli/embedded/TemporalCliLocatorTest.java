package io.caravel.cli.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where caravel dev looks for the Temporal CLI, on real files. */
class TemporalCliLocatorTest {
    @TempDir Path dir;

    private Path executable(Path folder) throws Exception {
        Files.createDirectories(folder);
        Path temporal = folder.resolve("temporal");
        Files.writeString(temporal, "#!/bin/sh\n");
        Files.setPosixFilePermissions(temporal, PosixFilePermissions.fromString("rwxr-xr-x"));
        return temporal;
    }

    @Test
    void thePathComesFirstThenCaravelBinThenGopathThenHomeGoBin() throws Exception {
        Map<String, String> env =
                Map.of(
                        "PATH",
                        dir.resolve("p1") + ":" + dir.resolve("p2"),
                        "CARAVEL_BIN",
                        dir.resolve("cb").toString(),
                        "GOPATH",
                        dir.resolve("gp").toString(),
                        "HOME",
                        dir.resolve("home").toString());

        assertThat(TemporalCliLocator.candidates(env))
                .containsExactly(
                        dir.resolve("p1/temporal"),
                        dir.resolve("p2/temporal"),
                        dir.resolve("cb/temporal"),
                        dir.resolve("gp/bin/temporal"),
                        dir.resolve("home/go/bin/temporal"));
    }

    @Test
    void theFirstExecutableOneIsTaken() throws Exception {
        Path gopathOne = executable(dir.resolve("gp/bin"));
        Path homeOne = executable(dir.resolve("home/go/bin"));
        Files.createDirectories(dir.resolve("p1"));
        Files.writeString(dir.resolve("p1/temporal"), "not executable");

        assertThat(
                        TemporalCliLocator.find(
                                Map.of(
                                        "PATH",
                                        dir.resolve("p1").toString(),
                                        "GOPATH",
                                        dir.resolve("gp").toString(),
                                        "HOME",
                                        dir.resolve("home").toString())))
                .contains(gopathOne);
        assertThat(TemporalCliLocator.find(Map.of("HOME", dir.resolve("home").toString())))
                .contains(homeOne);
    }

    @Test
    void noneAnywhereIsEmpty() {
        assertThat(TemporalCliLocator.find(Map.of("PATH", dir.toString(), "HOME", dir.toString())))
                .isEmpty();
    }
}
