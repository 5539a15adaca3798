package io.caravel.bench;

import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.internal.JobAdmission;
import io.caravel.workflows.internal.JobInput;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.RawValue;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
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

/**
 * What JobWorkflow does with its input before it schedules anything, for the input {@code caravel
 * job run} sends (the canonical job document of {@code examples/docker-s3.yaml}). Baseline: the
 * code before the canonical job was recorded, which decoded the input on the first run and on every
 * replay. Now the first run decodes it and records it (a side effect: the admission written to a
 * payload and read back), and a replay only reads the record back.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class JobAdmissionBenchmark {
    private static final DataConverter CONVERTER = CaravelDataConverter.get();
    private static final String ID = "j-00000000-0000-0000-0000-000000000000";

    private RawValue input;
    private Optional<Payloads> recorded;

    @Setup
    public void load() throws IOException {
        try (InputStream in = JobAdmissionBenchmark.class.getResourceAsStream("/docker-s3.yaml")) {
            var job = JobSpecs.parseSpecFile(in.readAllBytes()).job();
            input = new RawValue(CONVERTER.toPayload(JobSpecWriter.toTree(job)).orElseThrow());
        }
        recorded = CONVERTER.toPayloads(JobAdmission.of(input, ID, ""));
    }

    @Benchmark
    public JobInput.Decoded baselineDecodeOnEveryRun() {
        return JobAdmission.of(input, ID, "").orThrow();
    }

    @Benchmark
    public JobInput.Decoded firstRunDecodeAndRecord() {
        Optional<Payloads> payloads = CONVERTER.toPayloads(JobAdmission.of(input, ID, ""));
        return CONVERTER
                .fromPayloads(0, payloads, JobAdmission.class, JobAdmission.class)
                .orThrow();
    }

    @Benchmark
    public JobInput.Decoded replayReadRecord() {
        return CONVERTER
                .fromPayloads(0, recorded, JobAdmission.class, JobAdmission.class)
                .orThrow();
    }
}
