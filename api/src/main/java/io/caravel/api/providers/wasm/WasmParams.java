package io.caravel.api.providers.wasm;

/** The {@code wasm} engine's type string and param keys. */
public final class WasmParams {
    private WasmParams() {}

    public static final String TYPE = "wasm";

    public static final String ENTRY_MODULE = "EntryModule";

    public static final String ENTRY_POINT = "EntryPoint";

    public static final String PARAMETERS = "Parameters";

    public static final String ENVIRONMENT_VARIABLES = "EnvironmentVariables";

    public static final String IMPORT_MODULES = "ImportModules";
}
