package io.caravel.api.providers.s3;

import io.caravel.api.errors.Problems;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.params.ParamsSupport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the objects of an S3 input are split between the partitions of a job with {@code Count > 1}:
 * the {@code Partition} object of the S3 source params. Which object goes where is computed by
 * {@link S3Partitioner}.
 *
 * @param type how objects are keyed; {@link Type#NONE} gives every partition every object
 * @param pattern for {@link Type#REGEX}: the regular expression matched against the relative key
 * @param startIndex for {@link Type#SUBSTRING}: first character (inclusive) of the relative key
 * @param endIndex for {@link Type#SUBSTRING}: last character (exclusive)
 * @param dateFormat for {@link Type#DATE}: a Go time layout such as {@code 2006-01-02}
 */
public record S3Partition(
        Type type, String pattern, int startIndex, int endIndex, String dateFormat) {
    /** No partitioning. */
    public static final S3Partition NONE = new S3Partition(Type.NONE, "", 0, 0, "");

    /** The partition key types, spelled (case-sensitively) as Bacalhau spells them. */
    public enum Type {
        NONE("none"),
        OBJECT("object"),
        REGEX("regex"),
        SUBSTRING("substring"),
        DATE("date");

        private final String value;

        Type(String value) {
            this.value = value;
        }

        /** The string used in params. */
        public String value() {
            return value;
        }

        /**
         * The type spelled exactly {@code s}; the empty string is {@link #NONE}; null when unknown.
         */
        public static Type parse(String s) {
            if (s == null || s.isEmpty()) {
                return NONE;
            }
            for (Type t : values()) {
                if (t.value.equals(s)) {
                    return t;
                }
            }
            return null;
        }
    }

    public S3Partition {
        type = type == null ? Type.NONE : type;
        pattern = ParamsSupport.text(pattern);
        dateFormat = ParamsSupport.text(dateFormat);
    }

    /** Object-hash partitioning. */
    public static S3Partition object() {
        return new S3Partition(Type.OBJECT, "", 0, 0, "");
    }

    /** Partitioning by regex match on the relative key. */
    public static S3Partition regex(String pattern) {
        return new S3Partition(Type.REGEX, pattern, 0, 0, "");
    }

    /** Partitioning by the characters {@code [start, end)} of the relative key. */
    public static S3Partition substring(int start, int end) {
        return new S3Partition(Type.SUBSTRING, "", start, end, "");
    }

    /** Partitioning by a date at the start of the relative key, read with a Go time layout. */
    public static S3Partition date(String layout) {
        return new S3Partition(Type.DATE, "", 0, 0, layout);
    }

    /**
     * Reads a {@code Partition} object through {@code reader} (which reports at {@code
     * ...Params.Partition}) and validates it. Never throws, never returns null.
     */
    static S3Partition read(ParamsReader reader) {
        String typeText = reader.string("Type");
        Type type = Type.parse(typeText);
        if (type == null) {
            reader.problemsAt("Type")
                    .add(
                            "unsupported partition key type "
                                    + typeText
                                    + "; use one of none, object, regex, substring, date (lower case)");
            type = Type.NONE;
        }
        S3Partition partition =
                new S3Partition(
                        type,
                        reader.string("Pattern"),
                        index(reader, "StartIndex"),
                        index(reader, "EndIndex"),
                        reader.string("DateFormat"));
        partition.check(reader::problemsAt);
        return partition;
    }

    private static int index(ParamsReader reader, String key) {
        long v = reader.integer(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            reader.problemsAt(key)
                    .add(key + " " + v + " is out of range; give a character index such as 0 or 8");
            return 0;
        }
        return (int) v;
    }

    /**
     * Adds a problem for every rule this partition breaks, each at its field: {@code Pattern}, ...
     */
    public void validate(Problems problems) {
        Objects.requireNonNull(problems, "problems");
        check(problems::at);
    }

    private void check(Function<String, Problems> at) {
        switch (type) {
            case REGEX -> {
                if (pattern.isEmpty()) {
                    at.apply("Pattern")
                            .add(
                                    "regex pattern cannot be empty; give a regular expression such as "
                                            + "\"user(\\\\d+)\" whose match (or capture groups) keys the partition");
                } else {
                    ParamsSupport.compileRegex(pattern, at.apply("Pattern"));
                }
            }
            case SUBSTRING -> {
                if (startIndex < 0) {
                    at.apply("StartIndex")
                            .add(
                                    "start index cannot be negative (got "
                                            + startIndex
                                            + "); give 0 or more");
                }
                if (endIndex <= startIndex) {
                    at.apply("EndIndex")
                            .add(
                                    "end index must be greater than start index (got StartIndex "
                                            + startIndex
                                            + ", EndIndex "
                                            + endIndex
                                            + ")");
                }
            }
            case DATE -> {
                if (dateFormat.isEmpty()) {
                    at.apply("DateFormat")
                            .add(
                                    "date format cannot be empty; give a Go time layout such as "
                                            + "\"2006-01-02\"");
                } else if (GoTimeLayout.compile(dateFormat).isEmpty()) {
                    at.apply("DateFormat")
                            .add(
                                    "invalid date format: "
                                            + dateFormat
                                            + "; give a Go time layout "
                                            + "built from 2006 06 01 1 Jan January 02 2 Mon Monday 15 03 3 04 4 05 5 PM .000 "
                                            + "Z07:00 -0700, such as \"2006-01-02\"");
                }
            }
            default -> {
                // NONE and OBJECT take no further settings; unused fields are ignored, as in
                // Bacalhau.
            }
        }
    }

    /** Whether objects are actually split, i.e. the type is not {@link Type#NONE}. */
    public boolean isPartitioned() {
        return type != Type.NONE;
    }

    /** The {@code Partition} object: every field, as Bacalhau serialises it. */
    public Map<String, Object> toParams() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Type", type.value());
        out.put("Pattern", pattern);
        out.put("StartIndex", (long) startIndex);
        out.put("EndIndex", (long) endIndex);
        out.put("DateFormat", dateFormat);
        return Collections.unmodifiableMap(out);
    }
}
