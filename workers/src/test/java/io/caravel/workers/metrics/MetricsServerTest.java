package io.caravel.workers.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.workflows.CaravelDataConverter;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI uri, String method)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheScrapeAtSlashMetricsOnLoopbackOnly() throws Exception {
        try (MetricsServer server = MetricsServer.start(0, () -> "# TYPE up gauge\nup 1\n")) {
            assertThat(server.port()).isPositive();
            assertThat(server.uri()).hasToString("http://127.0.0.1:" + server.port() + "/metrics");

            HttpResponse<String> ok = get(server.uri(), "GET");
            HttpResponse<String> other = get(server.uri().resolve("/"), "GET");
            HttpResponse<String> post = get(server.uri(), "POST");
            HttpResponse<String> head = get(server.uri(), "HEAD");

            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type"))
                    .contains(MetricsServer.CONTENT_TYPE);
            assertThat(ok.body()).isEqualTo("# TYPE up gauge\nup 1\n");
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    @WorkflowInterface
    public interface Hello {
        @WorkflowMethod
        String hello(String name);
    }

    public static class HelloImpl implements Hello {
        @Override
        public String hello(String name) {
            return "hello " + name;
        }
    }

    @Test
    void temporalSdkMetricsAreScrapedInPrometheusFormat() throws Exception {
        try (TemporalMetrics metrics = TemporalMetrics.create(Duration.ofMillis(50));
                MetricsServer server = MetricsServer.start(0, metrics::scrape);
                TestWorkflowEnvironment env =
                        TestWorkflowEnvironment.newInstance(
                                TestEnvironmentOptions.newBuilder()
                                        .setMetricsScope(metrics.scope())
                                        .setWorkflowClientOptions(
                                                WorkflowClientOptions.newBuilder()
                                                        .setDataConverter(
                                                                CaravelDataConverter.get())
                                                        .build())
                                        .build())) {
            env.newWorker("metrics-test").registerWorkflowImplementationTypes(HelloImpl.class);
            env.start();
            String answer =
                    env.getWorkflowClient()
                            .newWorkflowStub(
                                    Hello.class,
                                    WorkflowOptions.newBuilder()
                                            .setTaskQueue("metrics-test")
                                            .build())
                            .hello("metrics");
            assertThat(answer).isEqualTo("hello metrics");

            // Tally pushes counters to the registry on its reporting interval; wait for the push.
            String body = "";
            while (!body.contains("temporal_workflow_completed_total")) {
                Thread.sleep(50);
                body = get(server.uri(), "GET").body();
            }

            assertThat(body).contains("# TYPE temporal_workflow_completed_total counter");
            assertThat(body)
                    .containsPattern(
                            "temporal_workflow_completed_total\\{.*task_queue=\"metrics-test\".*} 1");
        }
    }
}
