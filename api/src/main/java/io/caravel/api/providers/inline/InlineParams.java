package io.caravel.api.providers.inline;

/** The {@code inline} source's type string and param keys. */
public final class InlineParams {
    private InlineParams() {}

    public static final String TYPE = "inline";

    public static final String URL = "URL";
}
