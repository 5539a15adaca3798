package io.caravel.api.providers.wasm;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.params.ParamsSupport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The params of a {@code wasm} engine in its current form: the path of the module to run (the
 * Target of one of the task's input sources), the exported function to call, its argv and the paths
 * of modules to instantiate first. An empty entrypoint becomes {@value #DEFAULT_ENTRYPOINT}. Params
 * in the legacy form (modules given as InputSource objects) are converted by {@link
 * WasmLegacyConverter} before they are read here.
 */
public record WasmEngineSpec(
        String entryModule,
        String entrypoint,
        List<String> parameters,
        List<String> importModules) {

    public static final String ENTRY_MODULE = WasmParams.ENTRY_MODULE;
    public static final String ENTRYPOINT = "Entrypoint";
    public static final String PARAMETERS = WasmParams.PARAMETERS;
    public static final String IMPORT_MODULES = WasmParams.IMPORT_MODULES;

    /**
     * The function called when none is named. Bacalhau's CLI applies it, but its API does not, so a
     * Bacalhau job submitted without one fails at run time; Caravel applies it to every job.
     */
    public static final String DEFAULT_ENTRYPOINT = "_start";

    private static final String KIND = "wasm engine";

    public WasmEngineSpec {
        entryModule = ParamsSupport.text(entryModule);
        entrypoint = entrypoint == null || entrypoint.isEmpty() ? DEFAULT_ENTRYPOINT : entrypoint;
        parameters = ParamsSupport.strings(parameters);
        importModules = ParamsSupport.strings(importModules);
    }

    /**
     * Reads and validates the params of {@code config}, adding every problem to {@code problems}
     * (which points at the SpecConfig, e.g. {@code Tasks[0].Engine}): a type other than wasm, a
     * param of the wrong JSON type (legacy InputSource objects included) and an empty EntryModule.
     * Returns what could be read; never null, never throws.
     */
    public static WasmEngineSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, WasmParams.TYPE, KIND, problems);
        ParamsReader reader = ParamsSupport.reader(config, problems);
        String entryModule =
                ParamsSupport.requiredString(
                        reader,
                        ENTRY_MODULE,
                        "invalid wasm engine entry module. target path cannot be empty; expected the Target of the "
                                + "input source holding the module, such as /app/main.wasm");
        String entrypoint = reader.string(ENTRYPOINT);
        List<String> parameters = reader.stringList(PARAMETERS);
        List<String> importModules = reader.stringList(IMPORT_MODULES);
        return new WasmEngineSpec(entryModule, entrypoint, parameters, importModules);
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException listing every problem. */
    public static WasmEngineSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /**
     * Whether {@code params} are in the legacy form: {@code EntryModule} (any case) is an object,
     * or {@code ImportModules} holds an object. Such params must go through {@link
     * WasmLegacyConverter}.
     */
    public static boolean isLegacyForm(Map<String, Object> params) {
        ParamsReader reader = new ParamsReader(params, new Problems());
        if (reader.raw(ENTRY_MODULE) instanceof Map) {
            return true;
        }
        if (reader.raw(IMPORT_MODULES) instanceof List<?> imports) {
            for (Object element : imports) {
                if (element instanceof Map) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The canonical params: every key present, PascalCase, in declaration order. */
    public Map<String, Object> toParams() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(ENTRY_MODULE, entryModule);
        params.put(ENTRYPOINT, entrypoint);
        params.put(PARAMETERS, parameters);
        params.put(IMPORT_MODULES, importModules);
        return Collections.unmodifiableMap(params);
    }
}
