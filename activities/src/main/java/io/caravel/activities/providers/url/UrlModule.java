package io.caravel.activities.providers.url;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.cache.InputCache;
import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.node.NodeContext;
import io.caravel.activities.providers.ProviderFamily;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.api.providers.url.UrlParams;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code url} family's wiring: the {@code urlDownload} source, on the node's input cache and
 * bound by its outbound policy.
 */
public final class UrlModule extends AbstractModule implements ProviderFamily {
    @Override
    public List<SettingsDeclaration<?>> settings() {
        return List.of(UrlSettings.DECLARATION);
    }

    @Override
    protected void configure() {
        ProvidersModule.sources(binder()).add(UrlParams.TYPE).to(UrlDownloadSource.class);
    }

    @Provides
    @Singleton
    public UrlDownloadSource urlDownload(UrlSettings settings, NodeContext node, InputCache cache) {
        return new UrlDownloadSource(
                cache,
                settings.readTimeout(),
                node.inputMaxBytes(),
                settings.maxRetries(),
                urlDestinations(node));
    }

    /**
     * Where urlDownload inputs may go: public addresses, what fetchAllowedNetworks lists, and this
     * node's own results server ({@link NodeContext#ownResultsUrl()}), so a job can take another
     * job's local results of this node as input.
     */
    public static DestinationPolicy urlDestinations(NodeContext node) {
        List<String> entries = new ArrayList<>(node.fetchAllowedNetworks());
        node.ownResultsUrl()
                .map(URI::create)
                .ifPresent(
                        own ->
                                entries.add(
                                        (own.getHost().contains(":")
                                                                && !own.getHost().startsWith("[")
                                                        ? "[" + own.getHost() + "]"
                                                        : own.getHost())
                                                + ":"
                                                + DestinationPolicy.portOf(own)));
        return DestinationPolicy.of(entries);
    }
}
