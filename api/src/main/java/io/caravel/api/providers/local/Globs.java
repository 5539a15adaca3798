package io.caravel.api.providers.local;

import java.util.regex.Pattern;

/**
 * Compiles doublestar-style path globs (as Go's {@code doublestar.PathMatch} reads them, with
 * {@code /} as the separator) to regular expressions matching the whole path: {@code *} any run of
 * characters within one segment, {@code **} as a whole segment any number of segments (zero
 * included), {@code ?} one character other than {@code /}, {@code [abc]}, {@code [a-z]}, {@code
 * [!a-z]} or {@code [^a-z]} one character of a class (never {@code /}), {@code {a,b}} alternatives
 * (which may nest and hold globs), {@code \x} the character {@code x}.
 */
final class Globs {
    private Globs() {}

    /** The compiled glob; an IllegalArgumentException says what is wrong with it. */
    static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        int end = translate(glob, 0, regex, false);
        if (end != glob.length()) {
            throw new IllegalArgumentException("unexpected '}' at index " + end);
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * Translates {@code glob} from {@code i} into {@code out}, stopping at the end, or, inside
     * braces, at the {@code ,} or {@code }} that ends the alternative; returns where it stopped.
     */
    private static int translate(String glob, int i, StringBuilder out, boolean inBraces) {
        while (i < glob.length()) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> i = star(glob, i, out);
                case '?' -> {
                    out.append("[^/]");
                    i++;
                }
                case '[' -> i = charClass(glob, i, out);
                case '{' -> i = braces(glob, i, out);
                case '}', ',' -> {
                    if (inBraces) {
                        return i;
                    }
                    if (c == '}') {
                        return i;
                    }
                    out.append(Pattern.quote(","));
                    i++;
                }
                case '\\' -> {
                    if (i + 1 >= glob.length()) {
                        throw new IllegalArgumentException("'\\' at the end escapes nothing");
                    }
                    out.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                    i += 2;
                }
                default -> {
                    out.append(Pattern.quote(String.valueOf(c)));
                    i++;
                }
            }
        }
        if (inBraces) {
            throw new IllegalArgumentException("'{' is never closed");
        }
        return i;
    }

    /** {@code *}, or {@code **} when it is a whole path segment. */
    private static int star(String glob, int i, StringBuilder out) {
        int j = i;
        while (j < glob.length() && glob.charAt(j) == '*') {
            j++;
        }
        boolean segmentStart = i == 0 || "/{,".indexOf(glob.charAt(i - 1)) >= 0;
        boolean segmentEnd = j == glob.length() || "/},".indexOf(glob.charAt(j)) >= 0;
        if (j - i < 2 || !segmentStart || !segmentEnd) {
            out.append("[^/]*");
            return j;
        }
        boolean followedBySlash = j < glob.length() && glob.charAt(j) == '/';
        boolean precededBySlash = i > 0 && glob.charAt(i - 1) == '/';
        if (followedBySlash) {
            // "**/" matches zero or more whole segments, each with its slash.
            out.append("(?:.*/)?");
            return j + 1;
        }
        if (precededBySlash) {
            // "/**" at the end of an alternative: the directory itself or anything below it.
            out.setLength(out.length() - Pattern.quote("/").length());
            out.append("(?:/.*)?");
            return j;
        }
        out.append(".*");
        return j;
    }

    private static int charClass(String glob, int i, StringBuilder out) {
        int j = i + 1;
        StringBuilder cls = new StringBuilder("[");
        if (j < glob.length() && (glob.charAt(j) == '!' || glob.charAt(j) == '^')) {
            cls.append('^');
            j++;
        }
        boolean empty = true;
        while (j < glob.length() && glob.charAt(j) != ']') {
            char c = glob.charAt(j);
            boolean escaped = false;
            if (c == '\\' && j + 1 < glob.length()) {
                c = glob.charAt(++j);
                escaped = true;
            }
            boolean range =
                    c == '-'
                            && !escaped
                            && !empty
                            && j + 1 < glob.length()
                            && glob.charAt(j + 1) != ']';
            if (range) {
                cls.append('-');
            } else if (Character.isLetterOrDigit(c)) {
                cls.append(c);
            } else {
                cls.append('\\').append(c);
            }
            empty = false;
            j++;
        }
        if (j >= glob.length()) {
            throw new IllegalArgumentException("'[' at index " + i + " is never closed");
        }
        if (empty) {
            throw new IllegalArgumentException("empty character class at index " + i);
        }
        cls.append(']');
        try {
            Pattern.compile(cls.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad character class at index " + i);
        }
        // A class never matches the separator, negated or not.
        out.append("(?!/)").append(cls);
        return j + 1;
    }

    private static int braces(String glob, int i, StringBuilder out) {
        out.append("(?:");
        int j = i + 1;
        while (true) {
            j = translate(glob, j, out, true);
            if (glob.charAt(j) == '}') {
                out.append(')');
                return j + 1;
            }
            out.append('|');
            j++;
        }
    }
}
