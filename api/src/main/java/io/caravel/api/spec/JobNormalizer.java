package io.caravel.api.spec;

import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobType;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.network.Domains;
import io.caravel.api.quantity.Quantities;
import java.util.List;

/**
 * Bacalhau's {@code Normalize}: trims names, types and paths, lower-cases resource quantities and
 * domains, fills the namespace, forces Count to 0 for ops and daemon jobs, and names a nameless job
 * after its ID. Caravel also rewrites the valid params of known types in canonical PascalCase
 * ({@code bucket} becomes {@code Bucket}). It never fails: judging the result is {@link
 * JobValidator}'s job.
 */
public final class JobNormalizer {
    private JobNormalizer() {}

    public static Job normalize(Job job) {
        Job.Builder b = job.toBuilder();
        if (job.namespace().isEmpty()) {
            b.namespace(Job.DEFAULT_NAMESPACE);
        }
        if (job.name().isEmpty()) {
            b.name(job.id());
        }
        if (job.jobType().map(JobType::runsOnAllNodes).orElse(false)) {
            b.count(0);
        }
        b.tasks(job.tasks().stream().map(JobNormalizer::task).toList());
        return b.build();
    }

    static Task task(Task t) {
        return t.toBuilder()
                .engine(t.engine() == null ? null : specConfig(KnownParams.Kind.ENGINE, t.engine()))
                .publisher(specConfig(KnownParams.Kind.PUBLISHER, t.publisher()))
                .inputSources(
                        t.inputSources().stream()
                                .map(
                                        s ->
                                                new InputSource(
                                                        s.source() == null
                                                                ? null
                                                                : specConfig(
                                                                        KnownParams.Kind.SOURCE,
                                                                        s.source()),
                                                        s.alias().trim(),
                                                        s.target().trim()))
                                .toList())
                .resultPaths(
                        t.resultPaths().stream()
                                .map(p -> new ResultPath(p.name().trim(), p.path().trim()))
                                .toList())
                .resources(resources(t.resources()))
                .network(network(t.network()))
                .build();
    }

    /**
     * Trims the type and, for a type with a typed view and valid params, writes them canonically.
     */
    private static SpecConfig specConfig(KnownParams.Kind kind, SpecConfig c) {
        return KnownParams.canonical(kind, c.withType(c.type().trim()));
    }

    private static ResourcesConfig resources(ResourcesConfig r) {
        return new ResourcesConfig(
                Quantities.normalize(r.cpu()),
                Quantities.normalize(r.memory()),
                Quantities.normalize(r.disk()),
                Quantities.normalize(r.gpu()));
    }

    private static NetworkConfig network(NetworkConfig n) {
        List<String> domains = n.domains().stream().map(Domains::normalize).toList();
        return new NetworkConfig(n.type(), domains, n.ports());
    }
}
