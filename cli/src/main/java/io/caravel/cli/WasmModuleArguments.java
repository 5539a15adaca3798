package io.caravel.cli;

import io.caravel.api.cli.InputUriParser;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.inline.InlineSourceSpec;
import io.caravel.api.quantity.Quantities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves the WASM modules of {@code wasm run}, as Bacalhau's CLI does: a value with {@code
 * scheme://} is an input URI; else a local file {@code PATH[:TARGET]}, inlined into the spec; else
 * a path in the task's file system (the Target of an {@code -i} input).
 */
final class WasmModuleArguments {
    /**
     * Where the entry module is mounted when its URI gives no target (relative, as in Bacalhau).
     */
    static final String DEFAULT_ENTRY_TARGET = "main.wasm";

    private static final String MEDIA_TYPE = "application/wasm";

    private WasmModuleArguments() {}

    /** A module: its path in the task's file system and the input that puts it there, if any. */
    record Module(String path, Optional<InputSource> input) {}

    /**
     * The entry module {@code value}; a URI without a target is mounted at {@value
     * #DEFAULT_ENTRY_TARGET}, a local file at its target or else its file name.
     */
    static Module entry(String value) {
        return resolve(value, DEFAULT_ENTRY_TARGET, "the entry module");
    }

    /** An import module {@code value}; a URI or local file must give its target. */
    static Module imported(String value) {
        return resolve(value, "", "import module " + value);
    }

    private static Module resolve(String value, String defaultTarget, String what) {
        if (value.contains("://")) {
            InputSource input = InputUriParser.parse(value, defaultTarget);
            requireTarget(input.target(), what, value + ":/PATH/IN/TASK.wasm");
            return new Module(input.target(), Optional.of(input));
        }
        Path whole = Path.of(value);
        if (Files.isRegularFile(whole)) {
            String target = defaultTarget.isEmpty() ? "" : whole.getFileName().toString();
            requireTarget(target, what, value + ":/PATH/IN/TASK.wasm");
            return inline(whole, target, value);
        }
        int colon = value.lastIndexOf(':');
        if (colon > 0
                && colon < value.length() - 1
                && Files.isRegularFile(Path.of(value.substring(0, colon)))) {
            return inline(
                    Path.of(value.substring(0, colon)),
                    value.substring(colon + 1),
                    value.substring(0, colon));
        }
        return new Module(value, Optional.empty());
    }

    private static void requireTarget(String target, String what, String example) {
        if (target.isEmpty()) {
            throw new CliException(
                    what + " needs a target path in the task", "for example " + example);
        }
    }

    private static Module inline(Path file, String target, String alias) {
        long size;
        byte[] bytes;
        try {
            size = Files.size(file);
            if (size > InlineSourceSpec.MAX_ENCODED_BYTES) {
                throw tooLarge(file, size);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException("cannot read WASM module " + file + ": " + e.getMessage(), "");
        }
        InlineSourceSpec spec = InlineSourceSpec.of(MEDIA_TYPE, bytes);
        if (spec.url().length() > InlineSourceSpec.MAX_ENCODED_BYTES) {
            throw tooLarge(file, size);
        }
        SpecConfig source = SpecConfig.of(SpecTypes.SOURCE_INLINE, spec.toParams());
        return new Module(target, Optional.of(new InputSource(source, alias, target)));
    }

    private static CliException tooLarge(Path file, long size) {
        return new CliException(
                "WASM module "
                        + file
                        + " is "
                        + Quantities.formatBytes(size)
                        + "; modules are inlined "
                        + "into the job only up to "
                        + Quantities.formatBytes(InlineSourceSpec.MAX_ENCODED_BYTES)
                        + " of base64 (about 768 KiB of module)",
                "publish the module and pass its URI instead (https://..., s3://BUCKET/KEY, ipfs://CID), or mount it "
                        + "with -i and give its target path");
    }
}
