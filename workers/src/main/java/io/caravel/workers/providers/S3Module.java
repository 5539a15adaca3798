package io.caravel.workers.providers;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.cache.InputCache;
import io.caravel.activities.providers.s3.S3Clients;
import io.caravel.activities.providers.s3.S3Publisher;
import io.caravel.activities.providers.s3.S3Source;
import io.caravel.api.providers.s3.S3Params;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.inject.ProvidersModule;

/**
 * The {@code s3} family's node half: the s3 source (which shares the node's {@link InputCache}) and
 * publisher, on the node's S3 clients.
 */
public final class S3Module extends AbstractModule {
    @Override
    protected void configure() {
        ProvidersModule.sources(binder()).add(S3Params.TYPE).to(S3Source.class);
        ProvidersModule.publishers(binder()).add(S3Params.TYPE).to(S3Publisher.class);
    }

    /** The node's S3 clients (one per endpoint and region), with the worker's s3* settings. */
    @Provides
    @Singleton
    S3Clients s3Clients(WorkerConfig config) {
        return new S3Clients(config.s3());
    }

    @Provides
    @Singleton
    S3Source s3Source(S3Clients clients, InputCache cache) {
        return new S3Source(clients, cache);
    }

    @Provides
    @Singleton
    S3Publisher s3Publisher(S3Clients clients) {
        return new S3Publisher(clients);
    }
}
