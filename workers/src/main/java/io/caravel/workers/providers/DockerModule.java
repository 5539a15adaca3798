package io.caravel.workers.providers;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.caravel.activities.providers.docker.DockerClients;
import io.caravel.activities.providers.docker.DockerEngine;
import io.caravel.api.providers.docker.DockerParams;
import io.caravel.workers.capacity.NodeCapacity;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.inject.ProvidersModule;

/** The {@code docker} family's node half: the docker engine. */
public final class DockerModule extends AbstractModule {
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
    DockerEngine docker(WorkerConfig config, NodeCapacity capacity) {
        return new DockerEngine(
                DockerClients.lazy(config.dockerHost(), config.dockerCertPath()),
                config.dockerPulls(),
                config.dockerPidsLimit(),
                config.outbound().egressTargets(),
                config.taskDisk().resolve(capacity.resources().diskBytes()));
    }
}
