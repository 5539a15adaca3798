package io.caravel.api.providers.s3;

/** The {@code s3} family's type strings and param keys (source, publisher and published result). */
public final class S3Params {
    private S3Params() {}

    /** The source and publisher of objects in an S3-compatible store. */
    public static final String TYPE = "s3";

    /** Bacalhau's {@code s3managed} type string: known to the validator, served by no provider. */
    public static final String MANAGED = "s3managed";

    /** A pre-signed URL of an S3 object, as a source type and a published result type. */
    public static final String PRESIGNED = "s3PreSigned";

    public static final String BUCKET = "Bucket";

    public static final String KEY = "Key";

    public static final String FILTER = "Filter";

    public static final String REGION = "Region";

    public static final String ENDPOINT = "Endpoint";

    public static final String VERSION_ID = "VersionID";

    public static final String CHECKSUM_SHA256 = "ChecksumSHA256";

    public static final String PARTITION = "Partition";

    public static final String ENCODING = "Encoding";

    /** The URL of an {@link #PRESIGNED} result. */
    public static final String PRESIGNED_URL = "PreSignedURL";
}
