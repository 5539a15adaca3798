package io.caravel.activities.providers.inline;

import com.google.inject.AbstractModule;
import io.caravel.activities.providers.ProviderFamily;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.api.providers.inline.InlineParams;

/** The {@code inline} family's wiring: the inline source. */
public final class InlineModule extends AbstractModule implements ProviderFamily {
    @Override
    protected void configure() {
        ProvidersModule.sources(binder()).add(InlineParams.TYPE).toInstance(new InlineSource());
    }
}
