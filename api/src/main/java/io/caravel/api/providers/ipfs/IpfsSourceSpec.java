package io.caravel.api.providers.ipfs;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.params.ParamsSupport;
import java.util.Map;

/**
 * The params of an {@code ipfs} input source: the content identifier of a file or directory.
 *
 * @param cid the CID to fetch; required
 */
public record IpfsSourceSpec(String cid) {
    public IpfsSourceSpec {
        cid = ParamsSupport.text(cid);
    }

    /**
     * Reads and validates the params of an {@code ipfs} source ({@code CID}, matched
     * case-insensitively), adding every problem to {@code problems}, which points at the
     * SpecConfig. Never throws, never returns null.
     */
    public static IpfsSourceSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, problems, IpfsParams.TYPE);
        ParamsReader reader = ParamsSupport.reader(config, problems);
        return new IpfsSourceSpec(
                ParamsSupport.requiredString(
                        reader,
                        IpfsParams.CID,
                        "invalid ipfs params. cid cannot be empty; give the content identifier, e.g. \"CID\": \"Qm...\""));
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException listing every problem. */
    public static IpfsSourceSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /** The canonical params: {@code {CID}}. */
    public Map<String, Object> toParams() {
        return Map.of(IpfsParams.CID, cid);
    }
}
