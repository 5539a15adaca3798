package io.caravel.api.spec;

import io.caravel.api.env.EnvNames;
import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobType;
import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.SelectorOperator;
import io.caravel.api.model.Task;
import io.caravel.api.model.TimeoutConfig;
import io.caravel.api.network.Domains;
import io.caravel.api.network.Ports;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.quantity.Quantities;
import io.caravel.api.quantity.QuantityFormatException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges a job and reports every problem at once, each with its field path. Two levels, as in
 * Bacalhau: {@link #validateSubmission} for what a client sends (no ID yet), {@link #validate} for
 * a job about to run (adds ID, name, namespace, the publisher rule and the timeout sum). Caravel
 * also checks the params of every engine, source and publisher type it knows at submission, where
 * Bacalhau only checks them on the compute node.
 */
public final class JobValidator {
    /** The largest memory a WASM module can address: 65,536 pages of 64 KiB. */
    public static final long WASM_MEMORY_LIMIT = 4L << 30;

    /**
     * The most partitions one job may have. A job with more partitions than a chunk (500 by
     * default) runs them in child workflows, each chunk's executions in the chunk's own history
     * (about 13 events and 6 KB per partition of a small noop job), so no history nears Temporal's
     * limits (51,200 events, 50 MB); 10,000 is the size measured to complete on one worker.
     * Bacalhau has no such limit.
     */
    public static final int MAX_PARTITIONS = 10_000;

    private JobValidator() {}

    public static List<Problem> validateSubmission(Job job) {
        Problems problems = new Problems();
        submission(job, problems);
        return problems.list();
    }

    /**
     * The rules Bacalhau's {@code ValidateSubmission} judges on the job as sent, which
     * normalisation would hide: it sets an ops or daemon job's Count to 0, so {@code Count: 3} on
     * such a job must be refused before it (Bacalhau's CLI and API validate before they normalise).
     */
    public static List<Problem> validateBeforeNormalization(Job job) {
        Problems problems = new Problems();
        runsOnAllNodesCount(job, problems);
        return problems.list();
    }

    private static void runsOnAllNodesCount(Job job, Problems p) {
        job.jobType()
                .filter(t -> t.runsOnAllNodes() && job.count() > 1)
                .ifPresent(
                        t ->
                                p.at("Count")
                                        .add(
                                                t.text()
                                                        + " jobs cannot specify count > 1 as they run on all matching nodes"));
    }

    public static List<Problem> validate(Job job) {
        Problems problems = new Problems();
        submission(job, problems);
        full(job, problems);
        return problems.list();
    }

    private static void submission(Job job, Problems p) {
        if (job.type().isEmpty()) {
            p.at("Type").add("missing job type; accepted: " + jobTypes());
        } else if (job.jobType().isEmpty()) {
            p.at("Type")
                    .add(
                            "invalid job type: \""
                                    + job.type()
                                    + "\"; accepted: "
                                    + jobTypes()
                                    + " (case-sensitive)");
        }
        if (job.count() < 0) {
            p.at("Count").add("job count must be >= 0");
        } else if (job.count() > MAX_PARTITIONS) {
            p.at("Count")
                    .add(
                            "Count "
                                    + job.count()
                                    + " is over the limit of "
                                    + MAX_PARTITIONS
                                    + " partitions per job; split the work into several jobs of at most "
                                    + MAX_PARTITIONS);
        }
        runsOnAllNodesCount(job, p);
        if (job.tasks().isEmpty()) {
            p.at("Tasks").add("missing job tasks; a job needs one task with an engine");
        }
        for (int i = 0; i < job.constraints().size(); i++) {
            constraint(job.constraints().get(i), p.at("Constraints").index(i));
        }
        for (int i = 0; i < job.tasks().size(); i++) {
            task(job, job.tasks().get(i), p.at("Tasks").index(i));
        }
    }

    private static void full(Job job, Problems p) {
        if (job.id().isBlank()) {
            p.at("ID").add("missing job ID");
        } else if (job.id().chars().anyMatch(Character::isWhitespace)) {
            p.at("ID").add("job ID contains a space");
        } else if (job.id().indexOf('\0') >= 0) {
            p.at("ID").add("job ID contains a null character");
        }
        if (job.name().isBlank()) {
            p.at("Name").add("missing job name");
        } else if (job.name().indexOf('\0') >= 0) {
            p.at("Name").add("job Name contains a null character");
        }
        if (job.namespace().isBlank()) {
            p.at("Namespace").add("job must be in a namespace");
        }
        for (int i = 0; i < job.tasks().size(); i++) {
            Task t = job.tasks().get(i);
            Problems at = p.at("Tasks").index(i);
            if (!t.resultPaths().isEmpty() && t.publisher().isEmpty()) {
                at.at("Publisher")
                        .add(
                                "publisher must be set if result paths are set; add a publisher such as"
                                        + " local, s3 or ipfs, or remove ResultPaths");
            }
            timeoutSum(t.timeouts(), at.at("Timeouts"));
        }
    }

    /** Store-time timeout rule: execution plus queue timeout may not exceed a set total timeout. */
    static void timeoutSum(TimeoutConfig t, Problems at) {
        if (t.totalTimeout() > 0 && t.executionTimeout() + t.queueTimeout() > t.totalTimeout()) {
            at.add(
                    "execution timeout "
                            + GoDurations.format(t.executionTimeout())
                            + " and queue timeout "
                            + GoDurations.format(t.queueTimeout())
                            + " should be less than total timeout "
                            + GoDurations.format(t.totalTimeout()));
        }
    }

    private static void constraint(LabelSelectorRequirement c, Problems at) {
        if (c.key().isBlank()) {
            at.at("Key").add("selector key cannot be blank");
        }
        var op = SelectorOperator.parse(c.operator());
        if (op.isEmpty()) {
            at.at("Operator")
                    .add(
                            "unknown selector operator \""
                                    + c.operator()
                                    + "\"; accepted: "
                                    + SelectorOperator.acceptedSymbols());
            return;
        }
        int n = c.values().size();
        switch (op.get()) {
            case IN, NOT_IN -> {
                if (n == 0) {
                    at.at("Values").add("for 'in', 'notin' operators, values set can't be empty");
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (n != 0) {
                    at.at("Values").add("values set must be empty for exists and does not exist");
                }
            }
            default -> {
                if (n != 1) {
                    at.at("Values")
                            .add("selector values must have exactly one value for other operators");
                } else if ((op.get() == SelectorOperator.GREATER_THAN
                                || op.get() == SelectorOperator.LESS_THAN)
                        && !c.values().get(0).matches("-?[0-9]{1,18}")) {
                    at.at("Values")
                            .index(0)
                            .add(
                                    "for 'gt', 'lt' operators, the value must be an integer, not \""
                                            + c.values().get(0)
                                            + "\"");
                }
            }
        }
    }

    private static void task(Job job, Task t, Problems at) {
        if (t.name().isBlank()) {
            at.at("Name").add("missing task name");
        } else if (t.name().indexOf('\0') >= 0) {
            at.at("Name").add("task name cannot contain null characters");
        }
        for (Map.Entry<String, String> e : t.env().entrySet()) {
            Problems envAt = at.at("Env").key(e.getKey());
            EnvNames.check(e.getKey())
                    .ifPresentOrElse(
                            envAt::add,
                            () ->
                                    EnvNames.checkValue(e.getKey(), e.getValue())
                                            .ifPresent(envAt::add));
        }
        if (t.engine() == null) {
            at.at("Engine")
                    .add(
                            "invalid engine: nil spec config; add an Engine with a Type such as docker or wasm");
        } else if (t.engine().type().isBlank()) {
            at.at("Engine")
                    .at("Type")
                    .add(
                            "invalid engine: missing spec type; accepted: "
                                    + String.join(", ", sorted(SpecTypes.ENGINES))
                                    + " or a plugin's type");
        } else {
            KnownParams.check(KnownParams.Kind.ENGINE, t.engine(), at.at("Engine"));
        }
        if (!t.publisher().type().isBlank()) {
            KnownParams.check(KnownParams.Kind.PUBLISHER, t.publisher(), at.at("Publisher"));
        }
        timeouts(t.timeouts(), at.at("Timeouts"));
        resources(job, t, at.at("Resources"));
        inputSources(t.inputSources(), at.at("InputSources"));
        resultPaths(t.resultPaths(), at.at("ResultPaths"));
        network(t.network(), at.at("Network"));
    }

    private static void timeouts(TimeoutConfig t, Problems at) {
        notNegative(t.executionTimeout(), "ExecutionTimeout", "execution", at);
        notNegative(t.queueTimeout(), "QueueTimeout", "queue", at);
        notNegative(t.totalTimeout(), "TotalTimeout", "total", at);
    }

    private static void notNegative(long seconds, String field, String kind, Problems at) {
        if (seconds < 0) {
            at.at(field)
                    .add(
                            "invalid "
                                    + kind
                                    + " timeout value: "
                                    + GoDurations.format(seconds)
                                    + "; use 0 (none) or a number of seconds");
        }
    }

    private static void resources(Job job, Task t, Problems at) {
        var r = t.resources();
        if (!r.cpu().isEmpty()) {
            try {
                double cpu = Quantities.parseCpu(r.cpu());
                if (cpu < 0) {
                    at.at("CPU")
                            .add(
                                    String.format(
                                            "invalid CPU value: %f; CPU must not be negative",
                                            cpu));
                }
            } catch (QuantityFormatException e) {
                at.at("CPU").add(e.getMessage());
            }
        }
        long memory = bytes(r.memory(), "memory", at.at("Memory"));
        bytes(r.disk(), "disk", at.at("Disk"));
        if (!r.gpu().isEmpty()) {
            try {
                Quantities.parseGpu(r.gpu());
            } catch (QuantityFormatException e) {
                at.at("GPU").add(e.getMessage());
            }
        }
        if (t.engine() != null
                && t.engine().isType(SpecTypes.ENGINE_WASM)
                && memory > WASM_MEMORY_LIMIT) {
            at.at("Memory")
                    .add(
                            "requested memory exceeds the wasm limit - "
                                    + Quantities.formatBytes(memory)
                                    + " > "
                                    + Quantities.formatBytes(WASM_MEMORY_LIMIT));
        }
    }

    private static long bytes(String value, String kind, Problems at) {
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Quantities.parseBytes(value, kind);
        } catch (QuantityFormatException e) {
            at.add(e.getMessage());
            return 0;
        }
    }

    private static void inputSources(List<InputSource> sources, Problems at) {
        Set<String> aliases = new HashSet<>();
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            InputSource s = sources.get(i);
            Problems here = at.index(i);
            if (s.target().isBlank()) {
                here.at("Target")
                        .add(
                                "input source is missing a target; set the path it appears at, e.g. /inputs");
            } else if (!targets.add(s.target())) {
                here.at("Target")
                        .add("input source with target '" + s.target() + "' already exists");
            }
            if (!s.alias().isEmpty() && !aliases.add(s.alias())) {
                here.at("Alias").add("input source with alias '" + s.alias() + "' already exists");
            }
            if (s.source() == null) {
                here.at("Source").add("invalid input source: nil spec config");
            } else if (s.source().type().isBlank()) {
                here.at("Source")
                        .at("Type")
                        .add(
                                "invalid input source: missing spec type; accepted: "
                                        + String.join(", ", sorted(SpecTypes.SOURCES)));
            } else {
                KnownParams.check(KnownParams.Kind.SOURCE, s.source(), here.at("Source"));
            }
        }
    }

    private static void resultPaths(List<ResultPath> paths, Problems at) {
        Set<String> names = new HashSet<>();
        Set<String> locations = new HashSet<>();
        for (int i = 0; i < paths.size(); i++) {
            ResultPath r = paths.get(i);
            Problems here = at.index(i);
            if (r.name().isBlank()) {
                here.at("Name").add("missing name");
            } else if (!names.add(r.name())) {
                here.at("Name").add("result path with name '" + r.name() + "' already exists");
            }
            if (r.path().isBlank()) {
                here.at("Path").add("missing path");
            }
            if (!r.path().startsWith("/")) {
                here.at("Path").add("result path `" + r.path() + "` must be absolute");
            } else if (!locations.add(r.path())) {
                here.at("Path").add("result path '" + r.path() + "' already exists");
            }
        }
    }

    private static void network(NetworkConfig n, Problems at) {
        if (!n.domains().isEmpty() && n.type() != NetworkType.HTTP) {
            at.at("Domains")
                    .add(
                            "domains can only be set for HTTP network mode; set Type: HTTP or remove Domains");
        }
        for (int i = 0; i < n.domains().size(); i++) {
            Domains.check(n.domains().get(i)).ifPresent(at.at("Domains").index(i)::add);
        }
        Ports.validate(n, at);
    }

    private static String jobTypes() {
        return Arrays.stream(JobType.values()).map(JobType::text).collect(Collectors.joining(", "));
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }
}
