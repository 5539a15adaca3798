package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.RunOutput;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images from a private registry: a real one (Debian's docker-registry behind basic auth, started
 * by scripts/registry-dev.sh on 127.0.0.1:5050) holding the busybox test image under a name of this
 * test's own, which is removed from the daemon before each test so that every run must pull it.
 */
@Timeout(180)
class DockerRegistryTest {
    static final String REGISTRY = setting("CARAVEL_TEST_REGISTRY", "127.0.0.1:5050");
    static final String USER = setting("CARAVEL_TEST_REGISTRY_USER", "caravel-test");
    static final String PASSWORD = setting("CARAVEL_TEST_REGISTRY_PASSWORD", "caravel-test-secret");
    static DockerClient docker;
    static String image;

    @TempDir Path tmp;

    @BeforeAll
    static void pushThePrivateImage() throws Exception {
        docker = DockerClients.connect(DockerClients.DEFAULT_HOST);
        String repository =
                REGISTRY + "/caravel-test/private-" + UUID.randomUUID().toString().substring(0, 8);
        docker.tagImageCmd(DockerRun.IMAGE, repository, "1").exec();
        AtomicReference<String> error = new AtomicReference<>();
        docker.pushImageCmd(repository)
                .withTag("1")
                .withAuthConfig(
                        new AuthConfig()
                                .withUsername(USER)
                                .withPassword(PASSWORD)
                                .withRegistryAddress(REGISTRY))
                .exec(
                        new ResultCallback.Adapter<PushResponseItem>() {
                            @Override
                            public void onNext(PushResponseItem item) {
                                if (item.getErrorDetail() != null) {
                                    error.set(item.getErrorDetail().getMessage());
                                }
                            }
                        })
                .awaitCompletion(120, TimeUnit.SECONDS);
        assertThat(error.get())
                .as("push to the test registry at " + REGISTRY + " (scripts/registry-dev.sh)")
                .isNull();
        image = repository + ":1";
    }

    @AfterEach
    void removeThePrivateImageFromTheDaemon() {
        try {
            // Only the name goes: the busybox test image keeps its own.
            docker.removeImageCmd(image).exec();
        } catch (NotFoundException e) {
            // Not pulled by this test.
        }
    }

    @AfterAll
    static void close() throws Exception {
        docker.close();
    }

    @Test
    void aPrivateImageIsPulledWithTheNodesCredentials() throws Exception {
        removeThePrivateImageFromTheDaemon();
        DockerEngine engine =
                new DockerEngine(DockerClients.DEFAULT_HOST, new ImagePulls(false, USER, PASSWORD));
        DockerRun run =
                new DockerRun(tmp, newId())
                        .param("Image", image)
                        .shell("echo from the private registry");

        engine.prepare(run.context());
        RunOutput output = engine.run(run.context());

        assertThat(output.exitCode()).isZero();
        assertThat(output.stdout()).isEqualTo("from the private registry\n");
        assertThat(present(image)).isTrue();
    }

    @Test
    void withoutCredentialsTheRegistryRefusesAndTheExecutionFailsNonRetryably() {
        removeThePrivateImageFromTheDaemon();
        DockerRun run = new DockerRun(tmp, newId()).param("Image", image).shell("true");

        assertThatThrownBy(
                        () -> new DockerEngine(DockerClients.DEFAULT_HOST).prepare(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .startsWith("image not available: \"" + image + "\"")
                                    .containsIgnoringCase("auth");
                            assertThat(e.hint()).contains("dockerUsername");
                        });
        assertThat(present(image)).isFalse();
    }

    @Test
    void aWrongPasswordIsRefusedToo() {
        removeThePrivateImageFromTheDaemon();
        DockerEngine engine =
                new DockerEngine(DockerClients.DEFAULT_HOST, new ImagePulls(false, USER, "wrong"));
        DockerRun run = new DockerRun(tmp, newId()).param("Image", image).shell("true");

        assertThatThrownBy(() -> engine.prepare(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .startsWith("image not available: \"" + image + "\""));
        assertThat(present(image)).isFalse();
    }

    @Test
    void aNodeThatDoesNotPullFailsAtOnceAndStillRunsTheImagesItHas() throws Exception {
        removeThePrivateImageFromTheDaemon();
        DockerEngine engine =
                new DockerEngine(DockerClients.DEFAULT_HOST, new ImagePulls(true, USER, PASSWORD));
        DockerRun absent =
                new DockerRun(tmp, newId()).param("Image", image).shell("true").node("node-skip");

        assertThatThrownBy(() -> engine.prepare(absent.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "image not available: \""
                                                    + image
                                                    + "\" (it is not on node node-skip, which does not pull images)");
                        });
        assertThat(present(image)).isFalse();

        RunOutput local = engine.run(new DockerRun(tmp, newId()).shell("echo local").context());
        assertThat(local.stdout()).isEqualTo("local\n");
    }

    private static boolean present(String name) {
        try {
            docker.inspectImageCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String newId() {
        return "e-dr-" + UUID.randomUUID();
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @AfterAll
    static void releaseRuns() {
        DockerRun.releaseAll();
    }
}
