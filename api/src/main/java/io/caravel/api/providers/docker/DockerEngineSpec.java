package io.caravel.api.providers.docker;

import static io.caravel.api.params.ParamsSupport.quoted;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.params.ParamsSupport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The params of a {@code docker} engine: the image to run, an optional ENTRYPOINT override, the CMD
 * ({@code Parameters}), {@code K=V} environment entries that win over the task's env, and an
 * optional absolute working directory.
 */
public record DockerEngineSpec(
        String image,
        List<String> entrypoint,
        List<String> parameters,
        List<String> environmentVariables,
        String workingDirectory) {

    public static final String IMAGE = DockerParams.IMAGE;
    public static final String ENTRYPOINT = DockerParams.ENTRYPOINT;
    public static final String PARAMETERS = DockerParams.PARAMETERS;
    public static final String ENVIRONMENT_VARIABLES = DockerParams.ENVIRONMENT_VARIABLES;
    public static final String WORKING_DIRECTORY = DockerParams.WORKING_DIRECTORY;

    private static final String KIND = "docker engine";
    private static final String RESERVED_PREFIX = "BACALHAU_";

    public DockerEngineSpec {
        image = ParamsSupport.text(image);
        entrypoint = ParamsSupport.strings(entrypoint);
        parameters = ParamsSupport.strings(parameters);
        environmentVariables = ParamsSupport.strings(environmentVariables);
        workingDirectory = ParamsSupport.text(workingDirectory);
    }

    /**
     * Reads and validates the params of {@code config}, adding every problem to {@code problems}
     * (which points at the SpecConfig, e.g. {@code Tasks[0].Engine}): a type other than docker, a
     * param of the wrong JSON type, an empty Image, a relative WorkingDirectory and environment
     * entries named {@code BACALHAU_*}. Returns what could be read; never null, never throws.
     */
    public static DockerEngineSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, DockerParams.TYPE, KIND, problems);
        ParamsReader reader = ParamsSupport.reader(config, problems);

        String image =
                ParamsSupport.requiredString(
                        reader,
                        IMAGE,
                        "invalid docker engine param: 'Image' cannot be empty; expected an image reference such as "
                                + "ubuntu:24.04");
        List<String> entrypoint = reader.stringList(ENTRYPOINT);
        List<String> parameters = reader.stringList(PARAMETERS);
        List<String> env = reader.stringList(ENVIRONMENT_VARIABLES);
        String workingDirectory = reader.string(WORKING_DIRECTORY);

        if (!workingDirectory.isEmpty() && !workingDirectory.startsWith("/")) {
            reader.problemsAt(WORKING_DIRECTORY)
                    .add(
                            "invalid docker engine param: 'WorkingDirectory' ("
                                    + quoted(workingDirectory)
                                    + ") must contain absolute path; expected a path starting with '/'"
                                    + " or no value for the image's default");
        }
        for (int i = 0; i < env.size(); i++) {
            String name = variableName(env.get(i));
            if (name.toUpperCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
                reader.problemsAt(ENVIRONMENT_VARIABLES)
                        .index(i)
                        .add(
                                "invalid docker engine param: environment "
                                        + "variable '"
                                        + name
                                        + "' cannot start with BACALHAU_; that prefix is reserved for the "
                                        + "variables the system sets, choose another name");
            }
        }
        return new DockerEngineSpec(image, entrypoint, parameters, env, workingDirectory);
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException listing every problem. */
    public static DockerEngineSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /** The canonical params: every key present, PascalCase, in declaration order. */
    public Map<String, Object> toParams() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(IMAGE, image);
        params.put(ENTRYPOINT, entrypoint);
        params.put(PARAMETERS, parameters);
        params.put(ENVIRONMENT_VARIABLES, environmentVariables);
        params.put(WORKING_DIRECTORY, workingDirectory);
        return Collections.unmodifiableMap(params);
    }

    /**
     * The {@code EnvironmentVariables} entries as a map: each split at its first {@code =}; entries
     * without {@code =} are dropped, and a later entry for the same name wins.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : environmentVariables) {
            int eq = entry.indexOf('=');
            if (eq >= 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return Collections.unmodifiableMap(env);
    }

    private static String variableName(String entry) {
        int eq = entry.indexOf('=');
        return eq >= 0 ? entry.substring(0, eq) : entry;
    }
}
