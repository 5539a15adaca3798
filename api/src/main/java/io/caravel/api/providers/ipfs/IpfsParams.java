package io.caravel.api.providers.ipfs;

/** The {@code ipfs} source's and publisher's type string and param keys. */
public final class IpfsParams {
    private IpfsParams() {}

    public static final String TYPE = "ipfs";

    public static final String CID = "CID";
}
