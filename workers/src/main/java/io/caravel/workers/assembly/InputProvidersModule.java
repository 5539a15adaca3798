package io.caravel.workers.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.caravel.activities.cache.InputCache;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.results.ResultsServer;

/**
 * What the input families share on a node: the input cache ({@code s3}, {@code urlDownload} and
 * {@code ipfs} inputs) and, where the node serves local results, its results server ({@code
 * urlDownload} trusts it).
 */
final class InputProvidersModule extends AbstractModule {
    @Provides
    @Singleton
    InputCache inputCache(WorkerConfig config) {
        WorkerConfig.InputSettings inputs = config.inputs();
        return InputCache.open(inputs.cacheDir(config.storageDir()), inputs.cacheBytes());
    }

    @Override
    protected void configure() {
        // Bound by LocalResultsModule where the node serves local results.
        OptionalBinder.newOptionalBinder(binder(), ResultsServer.class);
    }
}
