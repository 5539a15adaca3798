package io.caravel.workers.providers;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import io.caravel.activities.cache.InputCache;
import io.caravel.activities.providers.ipfs.IpfsOff;
import io.caravel.activities.providers.ipfs.IpfsPublisher;
import io.caravel.activities.providers.ipfs.IpfsSource;
import io.caravel.activities.providers.ipfs.KuboClient;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.providers.ipfs.IpfsParams;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.inject.ProvidersModule;
import java.util.Optional;

/**
 * The {@code ipfs} family's node half: the ipfs source and publisher on the Kubo node of {@code
 * ipfsApi}, failing with a clear error on a node whose {@code ipfsApi} is empty.
 */
public final class IpfsModule extends AbstractModule {
    private static final String NAME = "ipfs";

    @Override
    protected void configure() {
        ProvidersModule.sources(binder())
                .add(IpfsParams.TYPE)
                .to(Key.get(InputSourceProvider.class, Names.named(NAME)));
        ProvidersModule.publishers(binder())
                .add(IpfsParams.TYPE)
                .to(Key.get(Publisher.class, Names.named(NAME)));
    }

    @Provides
    @Singleton
    Optional<KuboClient> kubo(WorkerConfig config) {
        WorkerConfig.InputSettings inputs = config.inputs();
        return inputs.ipfsApi().map(api -> new KuboClient(api, inputs.ipfsTimeout()));
    }

    @Provides
    @Singleton
    @Named(NAME)
    InputSourceProvider ipfsSource(
            WorkerConfig config, Optional<KuboClient> kubo, InputCache cache) {
        return kubo.<InputSourceProvider>map(
                        k -> new IpfsSource(k, cache, config.inputs().maxBytes()))
                .orElseGet(() -> new IpfsOff(config.nodeId()));
    }

    @Provides
    @Singleton
    @Named(NAME)
    Publisher ipfsPublisher(WorkerConfig config, Optional<KuboClient> kubo) {
        return kubo.<Publisher>map(IpfsPublisher::new)
                .orElseGet(() -> new IpfsOff(config.nodeId()));
    }
}
