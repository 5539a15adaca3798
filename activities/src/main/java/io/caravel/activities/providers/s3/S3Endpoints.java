package io.caravel.activities.providers.s3;

import java.net.URI;
import java.util.Locale;

/** Reading the {@code Endpoint} of S3 params. */
public final class S3Endpoints {
    private S3Endpoints() {}

    /** Whether {@code endpoint} is AWS itself: empty, or a host ending in {@code amazonaws.com}. */
    public static boolean isAws(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return true;
        }
        String host = uri(endpoint).getHost();
        return host != null && host.toLowerCase(Locale.ROOT).endsWith("amazonaws.com");
    }

    /**
     * Whether two endpoints lead to the same host and port (scheme and path aside); empty ones
     * never do.
     */
    public static boolean sameServer(String a, String b) {
        if (a == null || a.isBlank() || b == null || b.isBlank()) {
            return false;
        }
        try {
            URI x = uri(a);
            URI y = uri(b);
            return x.getHost() != null
                    && x.getHost().equalsIgnoreCase(y.getHost())
                    && S3EndpointPolicy.port(x) == S3EndpointPolicy.port(y);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The endpoint as a URI; one written without a scheme ({@code s3.example.com}) is https. */
    public static URI uri(String endpoint) {
        String e = endpoint.strip();
        return URI.create(e.contains("://") ? e : "https://" + e);
    }
}
