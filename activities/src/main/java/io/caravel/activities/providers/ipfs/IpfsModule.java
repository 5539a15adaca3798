package io.caravel.activities.providers.ipfs;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import io.caravel.activities.cache.InputCache;
import io.caravel.activities.node.NodeContext;
import io.caravel.activities.providers.ProviderFamily;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.providers.ipfs.IpfsParams;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ipfs} family's wiring: the ipfs source and publisher on the Kubo node of {@code
 * ipfsApi}, failing with a clear error on a node whose {@code ipfsApi} is empty.
 */
public final class IpfsModule extends AbstractModule implements ProviderFamily {
    @Override
    public List<SettingsDeclaration<?>> settings() {
        return List.of(IpfsSettings.DECLARATION);
    }

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
    Optional<KuboClient> kubo(IpfsSettings settings) {
        return settings.api().map(api -> new KuboClient(api, settings.timeout()));
    }

    @Provides
    @Singleton
    @Named(NAME)
    InputSourceProvider ipfsSource(NodeContext node, Optional<KuboClient> kubo, InputCache cache) {
        return kubo.<InputSourceProvider>map(k -> new IpfsSource(k, cache, node.inputMaxBytes()))
                .orElseGet(() -> new IpfsOff(node.nodeId()));
    }

    @Provides
    @Singleton
    @Named(NAME)
    Publisher ipfsPublisher(NodeContext node, Optional<KuboClient> kubo) {
        return kubo.<Publisher>map(IpfsPublisher::new).orElseGet(() -> new IpfsOff(node.nodeId()));
    }
}
