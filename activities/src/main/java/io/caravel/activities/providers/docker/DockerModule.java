package io.caravel.activities.providers.docker;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.node.NodeContext;
import io.caravel.activities.providers.ProviderFamily;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.activities.providers.docker.egress.TargetAddresses;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.api.providers.docker.DockerParams;
import java.util.List;

/** The {@code docker} family's wiring: the docker engine. */
public final class DockerModule extends AbstractModule implements ProviderFamily {
    @Override
    public List<SettingsDeclaration<?>> settings() {
        return List.of(DockerSettings.DECLARATION);
    }

    @Override
    protected void configure() {
        ProvidersModule.engines(binder()).add(DockerParams.TYPE).to(DockerEngine.class);
    }

    /**
     * Connects to {@code dockerHost} on first use only, so nodes that do not run docker need no
     * daemon; gets absent images as the dockerSkipImagePull and registry-credential keys say,
     * limits each container's processes to dockerPidsLimit; the HTTP mode's egress proxy refuses
     * non-public targets as egressRefuseNonPublic says; holds containers to their disk limits as
     * defaultTaskDisk and diskWatchInterval say.
     */
    @Provides
    @Singleton
    DockerEngine docker(DockerSettings settings, NodeContext node) {
        return new DockerEngine(
                DockerClients.lazy(settings.host(), settings.certPath()),
                settings.pulls(),
                settings.pidsLimit(),
                TargetAddresses.of(node.egressRefuseNonPublic()),
                settings.diskLimits(node.defaultTaskDiskBytes()));
    }
}
