package io.caravel.activities.s3;

import java.net.URI;
import java.util.Locale;

/** Reading the {@code Endpoint} of S3 params. */
public final class S3Endpoints {
    private S3Endpoints() {
    }

    /** Whether {@code endpoint} is AWS itself: empty, or a host ending in {@code amazonaws.com}. */
    public static boolean isAws(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return true;
        }
        String host = uri(endpoint).getHost();
        return host != null && host.toLowerCase(Locale.ROOT).endsWith("amazonaws.com");
    }

    /** The endpoint as a URI; one written without a scheme ({@code s3.example.com}) is https. */
    public static URI uri(String endpoint) {
        String e = endpoint.strip();
        return URI.create(e.contains("://") ? e : "https://" + e);
    }
}
