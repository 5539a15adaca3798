package io.caravel.activities.providers.noop;

import com.google.inject.AbstractModule;
import io.caravel.activities.providers.ProviderFamily;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.api.providers.noop.NoopParams;

/** The {@code noop} family's wiring: the noop engine and publisher. */
public final class NoopModule extends AbstractModule implements ProviderFamily {
    @Override
    protected void configure() {
        ProvidersModule.engines(binder()).add(NoopParams.TYPE).toInstance(new NoopEngine());
        ProvidersModule.publishers(binder()).add(NoopParams.TYPE).toInstance(new NoopPublisher());
    }
}
