package io.caravel.api.params;

import io.caravel.api.providers.ProviderKind;
import io.caravel.api.providers.SpecProviders;
import io.caravel.api.providers.docker.DockerParams;
import io.caravel.api.providers.inline.InlineParams;
import io.caravel.api.providers.ipfs.IpfsParams;
import io.caravel.api.providers.local.LocalParams;
import io.caravel.api.providers.noop.NoopParams;
import io.caravel.api.providers.s3.S3Params;
import io.caravel.api.providers.url.UrlParams;
import io.caravel.api.providers.wasm.WasmParams;
import java.util.Set;

/**
 * The Bacalhau type strings of the built-in families, spelled canonically, under the names the code
 * base uses for them (each is its family's {@code XParams} constant), and the sets of every type
 * each role serves, built from {@link SpecProviders}. A new family needs no constant here. Lookups
 * are case-insensitive.
 */
public final class SpecTypes {
    private SpecTypes() {}

    public static final String ENGINE_DOCKER = DockerParams.TYPE;
    public static final String ENGINE_WASM = WasmParams.TYPE;
    public static final String ENGINE_NOOP = NoopParams.TYPE;

    public static final String SOURCE_IPFS = IpfsParams.TYPE;
    public static final String SOURCE_URL_DOWNLOAD = UrlParams.TYPE;
    public static final String SOURCE_S3 = S3Params.TYPE;
    public static final String SOURCE_S3_MANAGED = S3Params.MANAGED;
    public static final String SOURCE_S3_PRESIGNED = S3Params.PRESIGNED;
    public static final String SOURCE_INLINE = InlineParams.TYPE;

    /** Deprecated alias of {@link #SOURCE_LOCAL}. */
    public static final String SOURCE_LOCAL_DIRECTORY = LocalParams.LOCAL_DIRECTORY;

    public static final String SOURCE_LOCAL = LocalParams.TYPE;
    public static final String SOURCE_NOOP = NoopParams.TYPE;

    public static final String PUBLISHER_NOOP = NoopParams.TYPE;
    public static final String PUBLISHER_IPFS = IpfsParams.TYPE;
    public static final String PUBLISHER_S3 = S3Params.TYPE;
    public static final String PUBLISHER_S3_MANAGED = S3Params.MANAGED;
    public static final String PUBLISHER_LOCAL = LocalParams.TYPE;

    /** Every engine type string a family declares. */
    public static final Set<String> ENGINES = SpecProviders.types(ProviderKind.ENGINE);

    /** Every input source type string a family declares. */
    public static final Set<String> SOURCES = SpecProviders.types(ProviderKind.SOURCE);

    /** Every publisher type string a family declares. */
    public static final Set<String> PUBLISHERS = SpecProviders.types(ProviderKind.PUBLISHER);
}
