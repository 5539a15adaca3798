package io.caravel.activities.providers.local;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.providers.ProviderFamily;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.api.providers.local.LocalParams;
import java.util.List;

/**
 * The {@code local} family's wiring: the local source, under {@code local} and Bacalhau's
 * deprecated alias {@code localDirectory}. The {@code local} publisher needs the node's storage and
 * results server, which only a full worker has: the worker's {@code LocalResultsModule} binds it.
 */
public final class LocalModule extends AbstractModule implements ProviderFamily {
    @Override
    public List<SettingsDeclaration<?>> settings() {
        return List.of(LocalInputSettings.DECLARATION, ResultsServerSettings.DECLARATION);
    }

    @Override
    protected void configure() {
        ProvidersModule.sources(binder()).add(LocalParams.TYPE).to(LocalSource.class);
        ProvidersModule.sources(binder()).add(LocalParams.LOCAL_DIRECTORY).to(LocalSource.class);
    }

    @Provides
    @Singleton
    LocalSource localSource(LocalInputSettings settings) {
        return new LocalSource(settings.allowList());
    }
}
