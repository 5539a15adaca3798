package io.caravel.activities.node;

/** Cutting UTF-8 text without splitting a character. */
final class Utf8 {
    private Utf8() {}

    /**
     * The largest length at most {@code limit} at which {@code bytes} can be cut without leaving a
     * partial multi-byte character at the end.
     */
    static int boundary(byte[] bytes, int limit) {
        int end = Math.min(limit, bytes.length);
        // Walk back over continuation bytes (10xxxxxx) to the lead byte of the last character.
        int lead = end - 1;
        while (lead >= 0 && lead > end - 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0) {
            return end;
        }
        int b = bytes[lead] & 0xFF;
        int width = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + width <= end ? end : lead;
    }
}
