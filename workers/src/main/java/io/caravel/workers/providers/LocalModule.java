package io.caravel.workers.providers;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.providers.local.LocalSource;
import io.caravel.api.providers.local.LocalParams;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.inject.ProvidersModule;

/**
 * The {@code local} family's node half: the local source, under {@code local} and Bacalhau's
 * deprecated alias {@code localDirectory}. The {@code local} publisher needs the node's storage and
 * results server, which only a full worker has: {@link
 * io.caravel.workers.assembly.LocalResultsModule} binds it.
 */
public final class LocalModule extends AbstractModule {
    @Override
    protected void configure() {
        ProvidersModule.sources(binder()).add(LocalParams.TYPE).to(LocalSource.class);
        ProvidersModule.sources(binder()).add(LocalParams.LOCAL_DIRECTORY).to(LocalSource.class);
    }

    @Provides
    @Singleton
    LocalSource localSource(WorkerConfig config) {
        return new LocalSource(config.localAllowList());
    }
}
