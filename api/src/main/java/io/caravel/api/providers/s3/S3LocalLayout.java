package io.caravel.api.providers.s3;

import java.util.Arrays;

/**
 * Where the objects of an S3 input land below its target, and how its key is read: as one object or
 * as a prefix to list.
 */
public final class S3LocalLayout {
    private S3LocalLayout() {}

    /**
     * The prefix to list for {@code key}: trimmed of surrounding spaces and of one trailing {@code
     * *} ({@code data/set*} lists {@code data/set}).
     */
    public static String listPrefix(String key) {
        String prefix = key == null ? "" : key.strip();
        return prefix.endsWith("*") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /**
     * Whether {@code key} names a single object (read with a HEAD request) rather than a prefix: it
     * is non-empty and ends in neither {@code *} nor {@code /}.
     */
    public static boolean isSingleObject(String key) {
        return key != null && !key.isEmpty() && !key.endsWith("*") && !key.endsWith("/");
    }

    /**
     * The path, relative to the input's target, of {@code objectKey} listed (or read) for the
     * source key {@code prefixKey}: the object key minus the directories of the prefix, that is
     * every {@code /}-separated component of the prefix but its last, stripped from the front of
     * the object key while they are equal. For example, with prefix {@code p/set1/} the object
     * {@code p/set1/nested/301.txt} lands at {@code nested/301.txt}; with {@code p/set*} the object
     * {@code p/set1/001.txt} lands at {@code set1/001.txt}; with an empty prefix at its full key.
     */
    public static String localPath(String prefixKey, String objectKey) {
        String object = objectKey == null ? "" : objectKey;
        String[] prefixParts = listPrefix(prefixKey).split("/", -1);
        String[] objectParts = object.split("/", -1);
        int strip = 0;
        while (strip < prefixParts.length - 1
                && strip < objectParts.length - 1
                && prefixParts[strip].equals(objectParts[strip])) {
            strip++;
        }
        return String.join("/", Arrays.copyOfRange(objectParts, strip, objectParts.length));
    }

    /**
     * The object key relative to the listing prefix, as partitioning and {@code Filter} see it: the
     * prefix of {@code prefixKey} (see {@link #listPrefix}) removed from the front, then one
     * leading {@code /}.
     */
    public static String relativeKey(String prefixKey, String objectKey) {
        String object = objectKey == null ? "" : objectKey;
        String prefix = listPrefix(prefixKey);
        String rel = object.startsWith(prefix) ? object.substring(prefix.length()) : object;
        return rel.startsWith("/") ? rel.substring(1) : rel;
    }
}
