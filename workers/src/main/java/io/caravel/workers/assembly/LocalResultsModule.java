package io.caravel.workers.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.activities.providers.local.LocalPublisher;
import io.caravel.activities.providers.local.ResultsServerSettings;
import io.caravel.api.providers.local.LocalParams;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.results.ResultsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The {@code local} publisher and the results server that serves what it writes: archives go to
 * {@code <storageDir>/published/}, and their URLs start with the server's advertised URL, known
 * once its port is bound (so {@code resultsPort: 0} works). {@link
 * io.caravel.workers.WorkerProcess} starts and stops the server.
 */
public final class LocalResultsModule extends AbstractModule {
    /** The directory under {@code storageDir} where archives are kept. */
    public static final String PUBLISHED_DIR = "published";

    /** Where the local publisher writes archives on a node with this configuration. */
    public static Path publishDir(WorkerConfig config) {
        return config.storageDir().toAbsolutePath().normalize().resolve(PUBLISHED_DIR);
    }

    @Override
    protected void configure() {
        ProvidersModule.publishers(binder()).add(LocalParams.TYPE).to(LocalPublisher.class);
    }

    @Provides
    @Singleton
    ResultsServer resultsServer(WorkerConfig config) {
        ResultsServerSettings settings = config.results();
        try {
            return ResultsServer.bind(
                    settings, publishDir(config), new ExecutionDirs(config.storageDir()));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve results on "
                            + settings.address()
                            + ":"
                            + settings.port()
                            + " ("
                            + ResultsServerSettings.ADDRESS.key()
                            + ", "
                            + ResultsServerSettings.PORT.key()
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    @Provides
    @Singleton
    LocalPublisher localPublisher(WorkerConfig config, ResultsServer server) {
        return new LocalPublisher(publishDir(config), server.advertisedUrl());
    }
}
