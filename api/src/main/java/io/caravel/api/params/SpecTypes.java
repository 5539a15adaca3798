package io.caravel.api.params;

import java.util.Set;

/** Every Bacalhau type string Caravel knows, spelled canonically. Lookups are case-insensitive. */
public final class SpecTypes {
    private SpecTypes() {}

    public static final String ENGINE_DOCKER = "docker";
    public static final String ENGINE_WASM = "wasm";
    public static final String ENGINE_NOOP = "noop";

    public static final String SOURCE_IPFS = "ipfs";
    public static final String SOURCE_URL_DOWNLOAD = "urlDownload";
    public static final String SOURCE_S3 = "s3";
    public static final String SOURCE_S3_MANAGED = "s3managed";
    public static final String SOURCE_S3_PRESIGNED = "s3PreSigned";
    public static final String SOURCE_INLINE = "inline";

    /** Deprecated alias of {@link #SOURCE_LOCAL}. */
    public static final String SOURCE_LOCAL_DIRECTORY = "localDirectory";

    public static final String SOURCE_LOCAL = "local";
    public static final String SOURCE_NOOP = "noop";

    public static final String PUBLISHER_NOOP = "noop";
    public static final String PUBLISHER_IPFS = "ipfs";
    public static final String PUBLISHER_S3 = "s3";
    public static final String PUBLISHER_S3_MANAGED = "s3managed";
    public static final String PUBLISHER_LOCAL = "local";

    public static final Set<String> ENGINES = Set.of(ENGINE_DOCKER, ENGINE_WASM, ENGINE_NOOP);
    public static final Set<String> SOURCES =
            Set.of(
                    SOURCE_IPFS,
                    SOURCE_URL_DOWNLOAD,
                    SOURCE_S3,
                    SOURCE_S3_MANAGED,
                    SOURCE_S3_PRESIGNED,
                    SOURCE_INLINE,
                    SOURCE_LOCAL_DIRECTORY,
                    SOURCE_LOCAL,
                    SOURCE_NOOP);
    public static final Set<String> PUBLISHERS =
            Set.of(
                    PUBLISHER_NOOP,
                    PUBLISHER_IPFS,
                    PUBLISHER_S3,
                    PUBLISHER_S3_MANAGED,
                    PUBLISHER_LOCAL);
}
