package io.caravel.workers.providers;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.cache.InputCache;
import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.providers.local.ResultsServerSettings;
import io.caravel.activities.providers.url.UrlDownloadSource;
import io.caravel.api.providers.url.UrlParams;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.inject.ProvidersModule;
import io.caravel.workers.results.ResultsServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code url} family's node half: the {@code urlDownload} source, on the node's input cache and
 * bound by its outbound policy.
 */
public final class UrlModule extends AbstractModule {
    @Override
    protected void configure() {
        ProvidersModule.sources(binder()).add(UrlParams.TYPE).to(UrlDownloadSource.class);
    }

    @Provides
    @Singleton
    public UrlDownloadSource urlDownload(
            WorkerConfig config, InputCache cache, Optional<ResultsServer> resultsServer) {
        WorkerConfig.InputSettings inputs = config.inputs();
        return new UrlDownloadSource(
                cache,
                inputs.urlReadTimeout(),
                inputs.maxBytes(),
                inputs.urlMaxRetries(),
                urlDestinations(config, resultsServer.map(ResultsServer::advertisedUrl)));
    }

    /**
     * As {@link #urlDestinations(WorkerConfig, Optional)}, the own results server from the
     * configuration alone.
     */
    public static DestinationPolicy urlDestinations(WorkerConfig config) {
        return urlDestinations(config, Optional.empty());
    }

    /**
     * Where urlDownload inputs may go: public addresses, what fetchAllowedNetworks lists, and this
     * node's own results server ({@code boundUrl} once it is bound, so that {@code resultsPort: 0}
     * works; else as the operator configured it), so a job can take another job's local results of
     * this node as input.
     */
    public static DestinationPolicy urlDestinations(
            WorkerConfig config, Optional<String> boundUrl) {
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
}
