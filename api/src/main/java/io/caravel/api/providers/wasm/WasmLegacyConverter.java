package io.caravel.api.providers.wasm;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.params.ParamsReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites wasm engine params from the legacy form, where {@code EntryModule} and {@code
 * ImportModules} are InputSource objects, to the current form, where they are paths. Each module
 * object becomes one of the task's input sources (entry module first, then the imports in order);
 * one without a Target is given {@value #ENTRY_TARGET} or {@code /wasm/imports/module_<i>.wasm}.
 * Legacy {@code EnvironmentVariables} are merged into the task's env without replacing its values.
 * Tasks with other engines, or whose wasm params are already current, are returned as they are.
 */
public final class WasmLegacyConverter {
    /** Where a legacy entry module without a Target is staged. */
    public static final String ENTRY_TARGET = "/wasm/entry.wasm";

    private static final String LEGACY_ENTRYPOINT = "EntryPoint";
    private static final String LEGACY_ENVIRONMENT = "EnvironmentVariables";

    private WasmLegacyConverter() {}

    /** Where legacy import module {@code index} (from 0) without a Target is staged. */
    public static String importTarget(int index) {
        return "/wasm/imports/module_" + index + ".wasm";
    }

    /**
     * Converts every task of {@code job}, throwing a {@code SPEC_INVALID} CaravelException that
     * lists every badly shaped legacy param. Returns {@code job} itself when nothing needed
     * converting.
     */
    public static Job convert(Job job) {
        Problems problems = new Problems();
        Job converted = convert(job, problems);
        problems.throwIfInvalid();
        return converted;
    }

    /**
     * Converts every task of {@code job}, adding badly shaped legacy params to {@code problems}
     * (which points at the job, so paths read {@code Tasks[0].Engine.Params...}). A task with such
     * problems is left as it was. Never throws; a null job is reported and read as an empty one.
     */
    public static Job convert(Job job, Problems problems) {
        if (job == null) {
            problems.add("no job given; expected a job to convert");
            return Job.builder().build();
        }
        List<Task> tasks = new ArrayList<>(job.tasks().size());
        boolean changed = false;
        for (int i = 0; i < job.tasks().size(); i++) {
            Task task = job.tasks().get(i);
            Task converted = convert(task, problems.at("Tasks").index(i));
            changed |= converted != task;
            tasks.add(converted);
        }
        return changed ? job.toBuilder().tasks(tasks).build() : job;
    }

    /**
     * Converts one task, throwing a {@code SPEC_INVALID} CaravelException on badly shaped legacy
     * params.
     */
    public static Task convert(Task task) {
        Problems problems = new Problems();
        Task converted = convert(task, problems);
        problems.throwIfInvalid();
        return converted;
    }

    /**
     * Converts one task, adding badly shaped legacy params to {@code problems} (which points at the
     * task) and then returning the task as it was. Returns {@code task} itself (null included) when
     * it needs no conversion. Never throws.
     */
    public static Task convert(Task task, Problems problems) {
        if (task == null
                || task.engine() == null
                || !task.engine().isType(WasmParams.TYPE)
                || !WasmEngineSpec.isLegacyForm(task.engine().params())) {
            return task;
        }
        int problemsBefore = problems.list().size();
        ParamsReader reader =
                new ParamsReader(task.engine().params(), problems.at("Engine").at("Params"));
        List<InputSource> added = new ArrayList<>();

        String entryModule =
                module(
                        reader.raw(WasmEngineSpec.ENTRY_MODULE),
                        ENTRY_TARGET,
                        reader.problemsAt(WasmEngineSpec.ENTRY_MODULE),
                        added);
        List<String> importModules = importModules(reader, added);
        String entrypoint = reader.string(LEGACY_ENTRYPOINT);
        List<String> parameters = reader.stringList(WasmEngineSpec.PARAMETERS);
        Map<String, String> env = legacyEnvironment(reader);

        if (problems.list().size() > problemsBefore) {
            return task;
        }
        List<InputSource> inputs = new ArrayList<>(task.inputSources());
        inputs.addAll(added);
        Map<String, String> mergedEnv = new LinkedHashMap<>(task.env());
        env.forEach(mergedEnv::putIfAbsent);
        WasmEngineSpec spec =
                new WasmEngineSpec(entryModule, entrypoint, parameters, importModules);
        return task.toBuilder()
                .engine(new SpecConfig(task.engine().type(), spec.toParams()))
                .inputSources(inputs)
                .env(mergedEnv)
                .build();
    }

    private static List<String> importModules(ParamsReader reader, List<InputSource> added) {
        Object raw = reader.raw(WasmEngineSpec.IMPORT_MODULES);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            reader.typeError(WasmEngineSpec.IMPORT_MODULES, raw, "[]InputSource");
            return List.of();
        }
        List<String> paths = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            paths.add(
                    module(
                            list.get(i),
                            importTarget(i),
                            reader.problemsAt(WasmEngineSpec.IMPORT_MODULES).index(i),
                            added));
        }
        return paths;
    }

    /**
     * The path of one module: an InputSource object is added to {@code added} (with {@code
     * defaultTarget} when it has none) and its Target returned; a string is already a path and
     * kept; anything else is reported.
     */
    @SuppressWarnings("unchecked")
    private static String module(
            Object raw, String defaultTarget, Problems problems, List<InputSource> added) {
        if (raw == null) {
            return "";
        }
        if (raw instanceof String path) {
            return path;
        }
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(
                    "invalid type: '"
                            + ParamsReader.kind(raw)
                            + "' expected: 'InputSource' (an object "
                            + "with Source, Alias and Target) or a module path");
            return "";
        }
        ParamsReader object = new ParamsReader((Map<String, Object>) map, problems);
        SpecConfig source = source(object);
        String alias = object.string("Alias");
        String target = object.string("Target").trim();
        if (target.isEmpty()) {
            target = defaultTarget;
        }
        added.add(new InputSource(source, alias, target));
        return target;
    }

    private static SpecConfig source(ParamsReader object) {
        Object raw = object.raw("Source");
        if (raw == null) {
            object.problemsAt("Source")
                    .add(
                            "invalid legacy wasm module: Source cannot be empty; expected an object "
                                    + "with the Type and Params of the input source holding the module");
            return null;
        }
        if (!(raw instanceof Map)) {
            object.typeError("Source", raw, "SpecConfig");
            return null;
        }
        ParamsReader source = object.nested("Source");
        return new SpecConfig(source.string("Type"), source.object("Params"));
    }

    private static Map<String, String> legacyEnvironment(ParamsReader reader) {
        Map<String, Object> raw = reader.object(LEGACY_ENVIRONMENT);
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            if (e.getValue() instanceof String value) {
                env.put(e.getKey(), value);
            } else {
                reader.problemsAt(LEGACY_ENVIRONMENT)
                        .key(e.getKey())
                        .add(
                                "invalid type: '"
                                        + ParamsReader.kind(e.getValue())
                                        + "' expected: 'string'");
            }
        }
        return env;
    }
}
