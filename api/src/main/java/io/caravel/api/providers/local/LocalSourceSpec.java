package io.caravel.api.providers.local;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.params.ParamsSupport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The params of a {@code local} input source (or its deprecated alias {@code localDirectory}): a
 * path on the worker, bind-mounted at the input's target when the worker's allow-list permits it
 * (see {@link LocalAllowList}).
 *
 * @param sourcePath the absolute path on the worker; required
 * @param readWrite whether the job may write to it
 * @param createAs what to create when the path does not exist (only with {@code readWrite})
 */
public record LocalSourceSpec(String sourcePath, boolean readWrite, CreateAs createAs) {
    /** What to create at a missing source path. */
    public enum CreateAs {
        DIR("dir"),
        FILE("file"),
        NO_CREATE("noCreate");

        private final String value;

        CreateAs(String value) {
            this.value = value;
        }

        /** The canonical spelling used in params. */
        public String value() {
            return value;
        }

        /**
         * {@code dir}, {@code file} or {@code nocreate}, in any case; the empty string is {@link
         * #NO_CREATE}; null when unknown.
         */
        public static CreateAs parse(String s) {
            if (s == null || s.isEmpty()) {
                return NO_CREATE;
            }
            String lower = s.toLowerCase(Locale.ROOT);
            for (CreateAs c : values()) {
                if (c.value.toLowerCase(Locale.ROOT).equals(lower)) {
                    return c;
                }
            }
            return null;
        }
    }

    public LocalSourceSpec {
        sourcePath = ParamsSupport.text(sourcePath);
        createAs = createAs == null ? CreateAs.NO_CREATE : createAs;
    }

    /**
     * Reads and validates the params of a {@code local} or {@code localDirectory} source: {@code
     * SourcePath} (required, absolute), {@code ReadWrite} (a boolean, or the string {@code
     * "true"}/{@code "false"}), {@code CreateAs} ({@code dir}, {@code file}, {@code noCreate}, any
     * case). Every problem is added to {@code problems}, which points at the SpecConfig. Whether
     * the worker allows the path is judged later, on the worker, by {@link LocalAllowList}. Never
     * throws, never returns null.
     */
    public static LocalSourceSpec from(SpecConfig config, Problems problems) {
        ParamsSupport.checkType(config, problems, LocalParams.TYPE, LocalParams.LOCAL_DIRECTORY);
        ParamsReader reader = ParamsSupport.reader(config, problems);
        String path =
                ParamsSupport.requiredString(
                        reader,
                        LocalParams.SOURCE_PATH,
                        "local source path cannot be empty; give an absolute path on the worker, e.g. "
                                + "\"SourcePath\": \"/data/inputs\"");
        if (!path.isBlank() && !path.startsWith("/")) {
            reader.problemsAt(LocalParams.SOURCE_PATH)
                    .add(
                            "local source path "
                                    + ParamsSupport.quoted(path)
                                    + " must be absolute (start with /)");
        }
        String createText = reader.string(LocalParams.CREATE_AS);
        CreateAs createAs = CreateAs.parse(createText);
        if (createAs == null) {
            reader.problemsAt(LocalParams.CREATE_AS)
                    .add(
                            "invalid CreateAs value "
                                    + createText
                                    + "; use dir, file or noCreate (any case), or leave it out");
            createAs = CreateAs.NO_CREATE;
        }
        return new LocalSourceSpec(path, readWrite(reader), createAs);
    }

    /**
     * Bacalhau reads a string under {@code ReadWrite} as {@code value == "true"}; Caravel refuses
     * other strings.
     */
    private static boolean readWrite(ParamsReader reader) {
        if (reader.raw(LocalParams.READ_WRITE) instanceof String s) {
            if (s.equals("true") || s.equals("false")) {
                return s.equals("true");
            }
            reader.problemsAt(LocalParams.READ_WRITE)
                    .add(
                            "invalid ReadWrite value "
                                    + ParamsSupport.quoted(s)
                                    + "; use true or false");
            return false;
        }
        return reader.bool(LocalParams.READ_WRITE);
    }

    /** {@link #from} that throws a {@code SPEC_INVALID} CaravelException listing every problem. */
    public static LocalSourceSpec decode(SpecConfig config) {
        return ParamsSupport.decode(problems -> from(config, problems));
    }

    /** The canonical params: {@code {SourcePath, ReadWrite, CreateAs}}. */
    public Map<String, Object> toParams() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(LocalParams.SOURCE_PATH, sourcePath);
        out.put(LocalParams.READ_WRITE, readWrite);
        out.put(LocalParams.CREATE_AS, createAs.value());
        return Collections.unmodifiableMap(out);
    }
}
