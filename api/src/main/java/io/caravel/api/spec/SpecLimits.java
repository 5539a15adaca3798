package io.caravel.api.spec;

/**
 * The limits that keep reading a spec bounded in time and memory, whatever the input.
 *
 * @param maxDocumentBytes size of the spec document (default 1 MiB; Temporal refuses payloads over
 *     2 MB)
 * @param maxNestingDepth depth of nested objects and lists (default 64)
 * @param maxYamlAliases YAML aliases to collections in one document (default 50)
 * @param maxValues values of any kind after YAML aliases are expanded (default 100,000)
 */
public record SpecLimits(
        int maxDocumentBytes, int maxNestingDepth, int maxYamlAliases, int maxValues) {
    public static final SpecLimits DEFAULT = new SpecLimits(1 << 20, 64, 50, 100_000);

    public SpecLimits {
        if (maxDocumentBytes <= 0 || maxNestingDepth <= 0 || maxYamlAliases < 0 || maxValues <= 0) {
            throw new IllegalArgumentException("spec limits must be positive");
        }
    }
}
