package io.caravel.api.providers.url;

/**
 * The {@code urlDownload} source's type string and param keys (also the type of a result published
 * as a URL).
 */
public final class UrlParams {
    private UrlParams() {}

    public static final String TYPE = "urlDownload";

    public static final String URL = "URL";
}
