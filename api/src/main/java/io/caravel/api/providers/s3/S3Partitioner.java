package io.caravel.api.providers.s3;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.errors.Problems;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the objects of an S3 input between the partitions of a job, as Bacalhau does, so that each
 * object is read by exactly one partition and the same listing always gives the same split.
 *
 * <p>Keys are hashed with 32-bit FNV-1a over their UTF-8 bytes, taken unsigned, modulo the
 * partition count. What is hashed depends on the type: {@code object} the full object key; {@code
 * regex} the non-empty capture groups of the first match in the relative key joined with U+001F, or
 * the whole match when no group captured anything (no or empty match: partition 0); {@code
 * substring} the characters (code points) {@code [start, end)} of the relative key (key too short:
 * partition 0); {@code date} the date read from the first {@code len(layout)} bytes of the relative
 * key printed back with the same layout (unreadable: partition 0).
 */
public final class S3Partitioner {
    private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;
    private static final String GROUP_SEPARATOR = "\u001f";

    private S3Partitioner() {}

    /**
     * The partition, in {@code [0, count)}, that reads the object {@code objectKey}, whose key
     * relative to the listing prefix is {@code relativeKey} (see {@link
     * S3LocalLayout#relativeKey}). An unpartitioned config or a count of 1 or less gives 0.
     *
     * @throws CaravelException when {@code p} is invalid (see {@link S3Partition#validate})
     */
    public static int partitionOf(String objectKey, String relativeKey, S3Partition p, int count) {
        if (count <= 1 || p == null || !p.isPartitioned()) {
            return 0;
        }
        Strategy strategy = Strategy.of(p);
        return strategy.partitionOf(text(objectKey), text(relativeKey), count);
    }

    /**
     * The keys that partition {@code index} of {@code count} reads, in listing order: directory
     * markers (keys ending in {@code /}) dropped, then, unless {@code p} is unpartitioned or {@code
     * count} is 1, only the keys {@link #partitionOf} assigns to {@code index}. {@code prefix} is
     * the source's {@code Key} as given.
     *
     * @throws CaravelException ({@code SPEC_INVALID}) when {@code p} is invalid, when {@code count
     *     <= 0} ({@code job partitions/count must be greater than 0}) or when {@code index} is
     *     outside {@code [0, count)} ({@code partition index must be between 0 and <n-1>})
     */
    public static List<String> select(
            List<String> keys, String prefix, S3Partition p, int index, int count) {
        S3Partition partition = p == null ? S3Partition.NONE : p;
        Strategy strategy = Strategy.of(partition);
        if (count <= 0) {
            throw new CaravelException(
                    ErrorCode.SPEC_INVALID,
                    "job partitions/count must be greater than 0 (got " + count + ")",
                    "set the job's Count to 1 or more");
        }
        if (index < 0 || index >= count) {
            throw new CaravelException(
                    ErrorCode.SPEC_INVALID,
                    "partition index must be between 0 and " + (count - 1) + " (got " + index + ")",
                    "give a partition index below the job's Count");
        }
        List<String> out = new ArrayList<>();
        if (keys == null) {
            return out;
        }
        boolean split = count > 1 && partition.isPartitioned();
        for (String key : keys) {
            if (key == null || key.endsWith("/")) {
                continue;
            }
            if (!split
                    || strategy.partitionOf(key, S3LocalLayout.relativeKey(prefix, key), count)
                            == index) {
                out.add(key);
            }
        }
        return out;
    }

    /** 32-bit FNV-1a of the UTF-8 bytes of {@code s}, as an unsigned value. */
    static long fnv1a32(String s) {
        int hash = FNV_OFFSET_BASIS;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return Integer.toUnsignedLong(hash);
    }

    private static int bucketOf(String s, int count) {
        return (int) (fnv1a32(s) % count);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** A validated partition config with its regex or layout compiled once. */
    private record Strategy(S3Partition p, Pattern regex, GoTimeLayout layout) {
        static Strategy of(S3Partition p) {
            Problems problems = new Problems();
            p.validate(problems.at(S3Params.PARTITION));
            problems.throwIfInvalid();
            Pattern regex =
                    p.type() == S3Partition.Type.REGEX ? Pattern.compile(p.pattern()) : null;
            GoTimeLayout layout =
                    p.type() == S3Partition.Type.DATE
                            ? GoTimeLayout.compile(p.dateFormat()).orElseThrow()
                            : null;
            return new Strategy(p, regex, layout);
        }

        int partitionOf(String objectKey, String relativeKey, int count) {
            return switch (p.type()) {
                case OBJECT -> bucketOf(objectKey, count);
                case REGEX -> byRegex(relativeKey, count);
                case SUBSTRING -> bySubstring(relativeKey, count);
                case DATE -> byDate(relativeKey, count);
                case NONE -> 0;
            };
        }

        private int byRegex(String relativeKey, int count) {
            Matcher m = regex.matcher(relativeKey);
            if (!m.find() || m.group().isEmpty()) {
                return 0;
            }
            List<String> groups = new ArrayList<>();
            for (int g = 1; g <= m.groupCount(); g++) {
                String group = m.group(g);
                if (group != null && !group.isEmpty()) {
                    groups.add(group);
                }
            }
            return bucketOf(
                    groups.isEmpty() ? m.group() : String.join(GROUP_SEPARATOR, groups), count);
        }

        private int bySubstring(String relativeKey, int count) {
            int[] codePoints = relativeKey.codePoints().toArray();
            if (codePoints.length < p.endIndex()) {
                return 0;
            }
            int length = p.endIndex() - p.startIndex();
            return bucketOf(new String(codePoints, p.startIndex(), length), count);
        }

        private int byDate(String relativeKey, int count) {
            byte[] key = relativeKey.getBytes(StandardCharsets.UTF_8);
            int n = Math.min(key.length, layout.layout().getBytes(StandardCharsets.UTF_8).length);
            String head = new String(key, 0, n, StandardCharsets.UTF_8);
            Optional<String> date = layout.reformat(head);
            return date.map(d -> bucketOf(d, count)).orElse(0);
        }
    }
}
