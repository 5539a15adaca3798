package io.caravel.api.cli;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.ResultPath;

/** The {@code -o/--output NAME:PATH} grammar. */
public final class OutputVolumeParser {
    static final String FLAG = "--output";

    private OutputVolumeParser() {}

    /**
     * Parses {@code NAME:PATH} into a result path, keeping both parts as written.
     *
     * @throws CaravelException ({@code BAD_ARGUMENT}) {@code invalid output volume: <v>} unless the
     *     value has exactly one {@code :} with text on both sides
     */
    public static ResultPath parse(String flagValue) {
        String value = flagValue == null ? "" : flagValue;
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1 || value.indexOf(':', colon + 1) >= 0) {
            throw CaravelException.badArgument(
                    FLAG,
                    "invalid output volume: \""
                            + value
                            + "\"; expected NAME:PATH with exactly one ':' and both parts non-empty",
                    "for example -o outputs:/outputs");
        }
        return new ResultPath(value.substring(0, colon), value.substring(colon + 1));
    }
}
