package io.caravel.api.providers.local;

/** The {@code local} source's and publisher's type strings and param keys. */
public final class LocalParams {
    private LocalParams() {}

    public static final String TYPE = "local";

    /** Deprecated alias of {@link #TYPE} as a source. */
    public static final String LOCAL_DIRECTORY = "localDirectory";

    public static final String SOURCE_PATH = "SourcePath";

    public static final String READ_WRITE = "ReadWrite";

    public static final String CREATE_AS = "CreateAs";
}
