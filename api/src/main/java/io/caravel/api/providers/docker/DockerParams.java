package io.caravel.api.providers.docker;

/** The {@code docker} engine's type string and param keys. */
public final class DockerParams {
    private DockerParams() {}

    public static final String TYPE = "docker";

    public static final String IMAGE = "Image";

    public static final String ENTRYPOINT = "Entrypoint";

    public static final String PARAMETERS = "Parameters";

    public static final String ENVIRONMENT_VARIABLES = "EnvironmentVariables";

    public static final String WORKING_DIRECTORY = "WorkingDirectory";
}
