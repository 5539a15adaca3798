package io.caravel.activities.providers.s3;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.cache.InputCache;
import io.caravel.activities.providers.ProviderFamily;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.api.providers.s3.S3Params;
import java.util.List;

/**
 * The {@code s3} family's wiring: the s3 source (which shares the node's {@link InputCache}) and
 * publisher, on the node's S3 clients.
 */
public final class S3Module extends AbstractModule implements ProviderFamily {
    @Override
    public List<SettingsDeclaration<?>> settings() {
        return List.of(S3Settings.DECLARATION);
    }

    @Override
    protected void configure() {
        ProvidersModule.sources(binder()).add(S3Params.TYPE).to(S3Source.class);
        ProvidersModule.publishers(binder()).add(S3Params.TYPE).to(S3Publisher.class);
    }

    /** The node's S3 clients (one per endpoint and region), with the worker's s3* settings. */
    @Provides
    @Singleton
    S3Clients s3Clients(S3Settings settings) {
        return new S3Clients(settings);
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
