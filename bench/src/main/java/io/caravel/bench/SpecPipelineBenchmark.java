package io.caravel.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.yaml.snakeyaml.Yaml;

/**
 * Parse + sanitise + normalise + validate of a typical Docker job spec (S3 input, S3 publisher,
 * resources, timeouts), in YAML and in JSON. The baselines only parse the same bytes into plain
 * maps with the same libraries, so the ratio pipeline/baseline is what Caravel's own work costs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SpecPipelineBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private byte[] yaml;
    private byte[] json;

    @Setup
    public void load() throws IOException {
        try (InputStream in = SpecPipelineBenchmark.class.getResourceAsStream("/docker-s3.yaml")) {
            yaml = in.readAllBytes();
        }
        Job job = JobSpecs.parseSpecFile(yaml).job();
        json = JobSpecWriter.toSpecJson(job).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public Object yamlBaselineParseOnly() {
        return new Yaml().load(new String(yaml, StandardCharsets.UTF_8));
    }

    @Benchmark
    public Job yamlPipeline() {
        return JobSpecs.parseSpecFile(yaml).job();
    }

    @Benchmark
    public Object jsonBaselineParseOnly() throws IOException {
        return JSON.readValue(json, Map.class);
    }

    @Benchmark
    public Job jsonPipeline() {
        return JobSpecs.parseSpecFile(json).job();
    }
}
