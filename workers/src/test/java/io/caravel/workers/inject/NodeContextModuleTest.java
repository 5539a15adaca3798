package io.caravel.workers.inject;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Binding;
import com.google.inject.Key;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.InstanceBinding;
import io.caravel.activities.providers.docker.DockerSettings;
import io.caravel.activities.providers.s3.S3Settings;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeContextModuleTest {
    @Test
    void everyFamilysSettingsRecordIsBoundUnderItsClassAsConfigured() {
        WorkerConfig config =
                WorkerConfig.builder()
                        .nodeId("n-1")
                        .dockerPidsLimit(77)
                        .s3Endpoint("http://127.0.0.1:7070")
                        .build();

        Map<Key<?>, Object> bound = new HashMap<>();
        for (Element e : Elements.getElements(new NodeContextModule(config))) {
            if (e instanceof Binding<?> b && b instanceof InstanceBinding<?> i) {
                bound.put(b.getKey(), i.getInstance());
            }
        }

        assertThat(BuiltinProviders.settings()).isNotEmpty();
        for (SettingsDeclaration<?> d : BuiltinProviders.settings()) {
            assertThat(bound.get(Key.get(d.type()))).as(d.section()).isEqualTo(config.provider(d));
        }
        assertThat(((DockerSettings) bound.get(Key.get(DockerSettings.class))).pidsLimit())
                .isEqualTo(77);
        assertThat(((S3Settings) bound.get(Key.get(S3Settings.class))).defaultEndpoint())
                .isEqualTo("http://127.0.0.1:7070");
    }
}
