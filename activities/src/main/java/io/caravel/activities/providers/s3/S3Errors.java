package io.caravel.activities.providers.s3;

import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.net.DestinationRefusedException;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns what the AWS SDK throws into a {@link CaravelException} naming the bucket (and key): an
 * unreachable endpoint or a server error is retryable ({@code STORAGE_UNAVAILABLE}), a missing
 * bucket, object or version is not ({@code STORAGE_NOT_FOUND}), and neither is a refusal such as
 * access denied or wrong credentials ({@code STORAGE_REFUSED}).
 */
public final class S3Errors {
    private S3Errors() {}

    /**
     * @param action what was being done, e.g. {@code "read"} or {@code "publish to"}
     * @param endpoint the endpoint used; empty for AWS
     */
    public static CaravelException translate(
            SdkException e, String action, String bucket, String key, String endpoint) {
        String where = "s3://" + bucket + (key == null || key.isEmpty() ? "" : "/" + key);
        String server = endpoint == null || endpoint.isEmpty() ? "AWS S3" : endpoint;
        // The endpoint's name resolved to a refused address at a connect (it was allowed when
        // checked).
        var refused = DestinationPolicy.refusalIn(e);
        if (refused.isPresent()) {
            return new DestinationRefusedException(
                    "s3 endpoint " + server, refused.get().reason(), e);
        }
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code =
                    s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null
                            ? ""
                            : s3.awsErrorDetails().errorCode();
            String detail = "HTTP " + status + (code.isEmpty() ? "" : " " + code);
            if (status == 404 || code.startsWith("NoSuch")) {
                return new CaravelException(
                        ErrorCode.STORAGE_NOT_FOUND,
                        "cannot "
                                + action
                                + " "
                                + where
                                + " at "
                                + server
                                + ": not found ("
                                + detail
                                + ")",
                        "check the bucket "
                                + bucket
                                + (key == null || key.isEmpty() ? "" : ", the key " + key)
                                + " and any VersionID exist",
                        List.of(),
                        e);
            }
            if (status == 401 || status == 403) {
                return new CaravelException(
                        ErrorCode.STORAGE_REFUSED,
                        "cannot "
                                + action
                                + " "
                                + where
                                + " at "
                                + server
                                + ": access denied to bucket "
                                + bucket
                                + " ("
                                + detail
                                + ")",
                        "check the node's S3 credentials (s3AccessKeyId/s3SecretAccessKey, or the AWS default"
                                + " credential chain) and that they may use bucket "
                                + bucket,
                        List.of(),
                        e);
            }
            if (status >= 500 || status == 408 || status == 429 || status == 412) {
                // 412: the object changed between listing and download; a new attempt lists again.
                return new CaravelException(
                        ErrorCode.STORAGE_UNAVAILABLE,
                        "cannot "
                                + action
                                + " "
                                + where
                                + " at "
                                + server
                                + ": "
                                + detail
                                + " ("
                                + s3.awsErrorDetails().errorMessage()
                                + ")",
                        "a transient S3 failure; the step is retried",
                        List.of(),
                        e);
            }
            return new CaravelException(
                    ErrorCode.STORAGE_REFUSED,
                    "cannot "
                            + action
                            + " "
                            + where
                            + " at "
                            + server
                            + ": "
                            + detail
                            + " ("
                            + (s3.awsErrorDetails() == null
                                    ? s3.getMessage()
                                    : s3.awsErrorDetails().errorMessage())
                            + ")",
                    "check the S3 params (Bucket, Key, VersionID, Region, Endpoint)",
                    List.of(),
                    e);
        }
        return new CaravelException(
                ErrorCode.STORAGE_UNAVAILABLE,
                "cannot "
                        + action
                        + " "
                        + where
                        + ": cannot reach "
                        + server
                        + ": "
                        + rootMessage(e),
                "check the S3 endpoint is up and reachable from this node; the step is retried",
                List.of(),
                e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e
                ? String.valueOf(e.getMessage())
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
