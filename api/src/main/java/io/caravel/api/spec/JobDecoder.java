package io.caravel.api.spec;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobState;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.PortMapping;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.model.TimeoutConfig;
import io.caravel.api.params.ParamsReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Builds a {@link Job} from a parsed tree with Bacalhau's key rules: field names matched
 * case-insensitively at every level, the Count default for batch and service jobs, unknown nested
 * fields ignored (but reported as warnings). Type errors are collected as problems with their field
 * path; decoding goes on so that every problem is reported at once.
 */
final class JobDecoder {
    private static final Set<String> JOB_FIELDS =
            Set.of(
                    "id",
                    "name",
                    "namespace",
                    "type",
                    "priority",
                    "count",
                    "constraints",
                    "meta",
                    "labels",
                    "tasks",
                    "state",
                    "version",
                    "revision",
                    "createtime",
                    "modifytime");
    private static final Set<String> TASK_FIELDS =
            Set.of(
                    "name",
                    "engine",
                    "publisher",
                    "env",
                    "meta",
                    "inputsources",
                    "resultpaths",
                    "resources",
                    "network",
                    "timeouts");

    private final Problems problems;
    private final List<String> warnings;

    private final boolean warnTopLevel;

    /**
     * {@code warnTopLevel} false when the caller already judged the top-level keys (spec files).
     */
    JobDecoder(Problems problems, List<String> warnings, boolean warnTopLevel) {
        this.problems = problems;
        this.warnings = warnings;
        this.warnTopLevel = warnTopLevel;
    }

    Job job(Object tree) {
        if (!(tree instanceof Map<?, ?>)) {
            problems.add(
                    "a job spec must be a mapping of fields (Name, Type, Tasks, ...), not a "
                            + ParamsReader.kind(tree));
            return Job.builder().build();
        }
        Map<String, Object> map = asMap(tree);
        if (warnTopLevel) {
            warnUnknown(map, JOB_FIELDS, "");
        }
        ParamsReader r = new ParamsReader(map, problems);
        String type = r.string("Type");
        int count =
                r.has("Count")
                        ? intValue(r, "Count")
                        : ("batch".equals(type) || "service".equals(type) ? 1 : 0);
        return Job.builder()
                .id(r.string("ID"))
                .name(r.string("Name"))
                .namespace(r.string("Namespace"))
                .type(type)
                .priority(intValue(r, "Priority"))
                .count(count)
                .constraints(list(r, "Constraints", problems.at("Constraints"), this::constraint))
                .meta(stringMap(r, "Meta"))
                .labels(stringMap(r, "Labels"))
                .tasks(list(r, "Tasks", problems.at("Tasks"), this::task))
                .state(state(r))
                .version(r.integer("Version"))
                .revision(r.integer("Revision"))
                .createTime(r.integer("CreateTime"))
                .modifyTime(r.integer("ModifyTime"))
                .build();
    }

    private JobState state(ParamsReader job) {
        if (!job.has("State")) {
            return JobState.UNDEFINED;
        }
        Object raw = job.raw("State");
        if (raw instanceof String s) {
            return JobState.of(JobStateType.parse(s));
        }
        ParamsReader r = job.nested("State");
        return new JobState(
                JobStateType.parse(scalar(r, "StateType")),
                r.string("Message"),
                stringMap(r, "Details"));
    }

    private LabelSelectorRequirement constraint(Map<String, Object> map, Problems at) {
        ParamsReader r = new ParamsReader(map, at);
        return new LabelSelectorRequirement(
                r.string("Key"), r.string("Operator"), r.stringList("Values"));
    }

    private Task task(Map<String, Object> map, Problems at) {
        warnUnknown(map, TASK_FIELDS, at.path());
        ParamsReader r = new ParamsReader(map, at);
        return Task.builder()
                .name(r.string("Name"))
                .engine(r.has("Engine") ? specConfig(r, "Engine") : null)
                .publisher(r.has("Publisher") ? specConfig(r, "Publisher") : SpecConfig.EMPTY)
                .env(stringMap(r, "Env"))
                .meta(stringMap(r, "Meta"))
                .inputSources(list(r, "InputSources", at.at("InputSources"), this::inputSource))
                .resultPaths(list(r, "ResultPaths", at.at("ResultPaths"), this::resultPath))
                .resources(resources(r))
                .network(network(r))
                .timeouts(timeouts(r))
                .build();
    }

    private SpecConfig specConfig(ParamsReader parent, String field) {
        ParamsReader r = parent.nested(field);
        return new SpecConfig(r.string("Type"), r.object("Params"));
    }

    private InputSource inputSource(Map<String, Object> map, Problems at) {
        ParamsReader r = new ParamsReader(map, at);
        SpecConfig source = r.has("Source") ? specConfig(r, "Source") : null;
        return new InputSource(source, r.string("Alias"), r.string("Target"));
    }

    private ResultPath resultPath(Map<String, Object> map, Problems at) {
        ParamsReader r = new ParamsReader(map, at);
        return new ResultPath(r.string("Name"), r.string("Path"));
    }

    private ResourcesConfig resources(ParamsReader task) {
        if (!task.has("Resources")) {
            return ResourcesConfig.EMPTY;
        }
        ParamsReader r = task.nested("Resources");
        return new ResourcesConfig(
                scalar(r, "CPU"), scalar(r, "Memory"), scalar(r, "Disk"), scalar(r, "GPU"));
    }

    private NetworkConfig network(ParamsReader task) {
        if (!task.has("Network")) {
            return NetworkConfig.DEFAULT;
        }
        ParamsReader r = task.nested("Network");
        return new NetworkConfig(
                networkType(r),
                r.stringList("Domains"),
                list(r, "Ports", r.problemsAt("Ports"), this::port));
    }

    private NetworkType networkType(ParamsReader network) {
        String key = network.actualKey("Type");
        if (key == null) {
            return NetworkType.DEFAULT;
        }
        Object raw = network.raw("Type");
        var parsed =
                raw instanceof String s
                        ? NetworkType.parse(s)
                        : raw instanceof Long code
                                ? NetworkType.ofCode(code)
                                : java.util.Optional.<NetworkType>empty();
        if (parsed.isEmpty()) {
            network.problemsAt("Type")
                    .add(
                            "invalid networking type \""
                                    + raw
                                    + "\"; accepted: "
                                    + NetworkType.acceptedNames());
            return NetworkType.DEFAULT;
        }
        return parsed.get();
    }

    private PortMapping port(Map<String, Object> map, Problems at) {
        ParamsReader r = new ParamsReader(map, at);
        return new PortMapping(
                r.string("Name"),
                intValue(r, "Static"),
                intValue(r, "Target"),
                r.string("HostNetwork"));
    }

    private TimeoutConfig timeouts(ParamsReader task) {
        if (!task.has("Timeouts")) {
            return TimeoutConfig.NONE;
        }
        ParamsReader r = task.nested("Timeouts");
        return new TimeoutConfig(
                r.integer("ExecutionTimeout"),
                r.integer("QueueTimeout"),
                r.integer("TotalTimeout"));
    }

    private static int intValue(ParamsReader r, String key) {
        long v = r.integer(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            r.problemsAt(key)
                    .add(
                            "value "
                                    + v
                                    + " is out of range; expected a whole number between "
                                    + Integer.MIN_VALUE
                                    + " and "
                                    + Integer.MAX_VALUE);
            return 0;
        }
        return (int) v;
    }

    /**
     * A string field that also accepts a number or boolean and keeps its text: YAML users write
     * {@code CPU: 1} and {@code DEBUG: true}, which Bacalhau refuses with a type error.
     */
    private static String scalar(ParamsReader r, String key) {
        Object v = r.raw(key);
        if (v instanceof Number || v instanceof Boolean) {
            return scalarText(v);
        }
        return r.string(key);
    }

    private static String scalarText(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    private static Map<String, String> stringMap(ParamsReader r, String key) {
        Map<String, Object> raw = r.object(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                out.put(e.getKey(), "");
            } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                out.put(e.getKey(), scalarText(v));
            } else {
                r.problemsAt(key)
                        .key(e.getKey())
                        .add("invalid type: '" + ParamsReader.kind(v) + "' expected: 'string'");
            }
        }
        return out;
    }

    private <T> List<T> list(
            ParamsReader r,
            String key,
            Problems at,
            BiFunction<Map<String, Object>, Problems, T> element) {
        Object raw = r.raw(key);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> items)) {
            r.typeError(key, raw, "array");
            return List.of();
        }
        List<T> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item instanceof Map<?, ?>) {
                out.add(element.apply(asMap(item), at.index(i)));
            } else {
                at.index(i)
                        .add("invalid type: '" + ParamsReader.kind(item) + "' expected: 'object'");
            }
        }
        return out;
    }

    private void warnUnknown(Map<String, Object> map, Set<String> known, String path) {
        for (String key : map.keySet()) {
            if (!known.contains(key.toLowerCase(Locale.ROOT))) {
                warnings.add(
                        "unknown field '"
                                + (path.isEmpty() ? key : path + "." + key)
                                + "' is ignored");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
