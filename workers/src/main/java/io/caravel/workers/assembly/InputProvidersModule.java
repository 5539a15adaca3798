package io.caravel.workers.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoMap;
import com.google.inject.multibindings.StringMapKey;
import io.caravel.activities.cache.InputCache;
import io.caravel.activities.ipfs.IpfsOff;
import io.caravel.activities.ipfs.IpfsPublisher;
import io.caravel.activities.ipfs.IpfsSource;
import io.caravel.activities.ipfs.KuboClient;
import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.providers.local.ResultsServerSettings;
import io.caravel.activities.sources.url.UrlDownloadSource;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.results.ResultsServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The providers that fetch inputs from elsewhere and the node's input cache they share: {@code
 * urlDownload} (bound by the node's outbound policy), and the {@code ipfs} source and publisher on
 * the Kubo node of {@code ipfsApi} (failing with a clear error on a node whose {@code ipfsApi} is
 * empty).
 */
final class InputProvidersModule extends AbstractModule {
    @Provides
    @Singleton
    InputCache inputCache(WorkerConfig config) {
        WorkerConfig.InputSettings inputs = config.inputs();
        return InputCache.open(inputs.cacheDir(config.storageDir()), inputs.cacheBytes());
    }

    @Provides
    @Singleton
    Optional<KuboClient> kubo(WorkerConfig config) {
        WorkerConfig.InputSettings inputs = config.inputs();
        return inputs.ipfsApi().map(api -> new KuboClient(api, inputs.ipfsTimeout()));
    }

    @ProvidesIntoMap
    @StringMapKey("urldownload")
    @Singleton
    InputSourceProvider urlDownload(
            WorkerConfig config, InputCache cache, Optional<ResultsServer> resultsServer) {
        WorkerConfig.InputSettings inputs = config.inputs();
        return new UrlDownloadSource(
                cache,
                inputs.urlReadTimeout(),
                inputs.maxBytes(),
                inputs.urlMaxRetries(),
                urlDestinations(config, resultsServer.map(ResultsServer::advertisedUrl)));
    }

    @Override
    protected void configure() {
        // Bound by LocalResultsModule where the node serves local results.
        OptionalBinder.newOptionalBinder(binder(), ResultsServer.class);
    }

    /**
     * As {@link #urlDestinations(WorkerConfig, Optional)}, the own results server from the
     * configuration alone.
     */
    static DestinationPolicy urlDestinations(WorkerConfig config) {
        return urlDestinations(config, Optional.empty());
    }

    /**
     * Where urlDownload inputs may go: public addresses, what fetchAllowedNetworks lists, and this
     * node's own results server ({@code boundUrl} once it is bound, so that {@code resultsPort: 0}
     * works; else as the operator configured it), so a job can take another job's local results of
     * this node as input.
     */
    static DestinationPolicy urlDestinations(WorkerConfig config, Optional<String> boundUrl) {
        List<String> entries = new ArrayList<>(config.outbound().fetchAllowedNetworks());
        ResultsServerSettings results = config.results();
        if (boundUrl.isPresent() || results.advertisedUrl().isPresent() || results.port() != 0) {
            URI own = URI.create(boundUrl.orElseGet(() -> results.advertisedUrl(results.port())));
            int port = DestinationPolicy.portOf(own);
            entries.add(
                    (own.getHost().contains(":") && !own.getHost().startsWith("[")
                                    ? "[" + own.getHost() + "]"
                                    : own.getHost())
                            + ":"
                            + port);
        }
        return DestinationPolicy.of(entries);
    }

    @ProvidesIntoMap
    @StringMapKey("ipfs")
    @Singleton
    InputSourceProvider ipfsSource(
            WorkerConfig config, Optional<KuboClient> kubo, InputCache cache) {
        return kubo.<InputSourceProvider>map(
                        k -> new IpfsSource(k, cache, config.inputs().maxBytes()))
                .orElseGet(() -> new IpfsOff(config.nodeId()));
    }

    @ProvidesIntoMap
    @StringMapKey("ipfs")
    @Singleton
    Publisher ipfsPublisher(WorkerConfig config, Optional<KuboClient> kubo) {
        return kubo.<Publisher>map(IpfsPublisher::new)
                .orElseGet(() -> new IpfsOff(config.nodeId()));
    }
}
