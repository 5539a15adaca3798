package io.caravel.workers.providers;

import com.google.inject.AbstractModule;
import io.caravel.activities.providers.inline.InlineSource;
import io.caravel.api.providers.inline.InlineParams;
import io.caravel.workers.inject.ProvidersModule;

/** The {@code inline} family's node half: the inline source. */
public final class InlineModule extends AbstractModule {
    @Override
    protected void configure() {
        ProvidersModule.sources(binder()).add(InlineParams.TYPE).toInstance(new InlineSource());
    }
}
