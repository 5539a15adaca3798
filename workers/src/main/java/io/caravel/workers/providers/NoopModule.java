package io.caravel.workers.providers;

import com.google.inject.AbstractModule;
import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.activities.providers.noop.NoopPublisher;
import io.caravel.api.providers.noop.NoopParams;
import io.caravel.workers.inject.ProvidersModule;

/** The {@code noop} family's node half: the noop engine and publisher. */
public final class NoopModule extends AbstractModule {
    @Override
    protected void configure() {
        ProvidersModule.engines(binder()).add(NoopParams.TYPE).toInstance(new NoopEngine());
        ProvidersModule.publishers(binder()).add(NoopParams.TYPE).toInstance(new NoopPublisher());
    }
}
