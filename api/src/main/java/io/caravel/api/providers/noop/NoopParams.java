package io.caravel.api.providers.noop;

/** The {@code noop} engine's, source's and publisher's type string (they take no params). */
public final class NoopParams {
    private NoopParams() {}

    public static final String TYPE = "noop";
}
