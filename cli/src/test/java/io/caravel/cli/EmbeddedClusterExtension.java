package io.caravel.cli;

import io.caravel.activities.files.FileTrees;
import io.caravel.cli.embedded.EmbeddedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded cluster (test server and a worker, node {@code dev}) for the tests of one class, with
 * its own storage directory, and a {@link Cli} pointed at it. Register it as a static field.
 */
final class EmbeddedClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private Path storage;
    private EmbeddedCluster cluster;
    private Cli cli;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        storage = Files.createTempDirectory("caravel-cli-test-");
        cluster = EmbeddedCluster.start(0, storage, Duration.ofSeconds(1));
        cli = Cli.at(cluster.address());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            FileTrees.delete(storage);
        }
    }

    EmbeddedCluster cluster() {
        return cluster;
    }

    Cli cli() {
        return cli;
    }
}
