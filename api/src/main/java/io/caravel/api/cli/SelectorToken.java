package io.caravel.api.cli;

import java.util.ArrayList;
import java.util.List;

/** One token of a label selector, with its 0-based character position. */
record SelectorToken(Kind kind, String text, int position) {
    enum Kind {
        WORD,
        NOT,
        EQUALS,
        DOUBLE_EQUALS,
        NOT_EQUALS,
        GREATER,
        LESS,
        OPEN,
        CLOSE,
        COMMA,
        END
    }

    private static final String SPECIAL = "=!(),<>";

    /** What was found, for an error message. */
    String describe() {
        return kind == Kind.END ? "the end of the selector" : "\"" + text + "\"";
    }

    /**
     * Splits a selector into tokens ending with {@link Kind#END}. Whitespace separates tokens; a
     * word is a run of anything else that is not one of {@code = ! ( ) , < >}; {@code !=} and
     * {@code ==} are single tokens. Keywords ({@code in}, {@code notin}) are words: the parser
     * decides by position.
     */
    static List<SelectorToken> scan(String text) {
        List<SelectorToken> tokens = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
                continue;
            }
            if (SPECIAL.indexOf(c) < 0) {
                int start = pos;
                while (pos < text.length()
                        && !Character.isWhitespace(text.charAt(pos))
                        && SPECIAL.indexOf(text.charAt(pos)) < 0) {
                    pos++;
                }
                tokens.add(new SelectorToken(Kind.WORD, text.substring(start, pos), start));
                continue;
            }
            char following = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
            if ((c == '!' || c == '=') && following == '=') {
                tokens.add(
                        new SelectorToken(
                                c == '!' ? Kind.NOT_EQUALS : Kind.DOUBLE_EQUALS, c + "=", pos));
                pos += 2;
                continue;
            }
            Kind kind =
                    switch (c) {
                        case '=' -> Kind.EQUALS;
                        case '!' -> Kind.NOT;
                        case '(' -> Kind.OPEN;
                        case ')' -> Kind.CLOSE;
                        case ',' -> Kind.COMMA;
                        case '<' -> Kind.LESS;
                        default -> Kind.GREATER;
                    };
            tokens.add(new SelectorToken(kind, String.valueOf(c), pos));
            pos++;
        }
        tokens.add(new SelectorToken(Kind.END, "", text.length()));
        return tokens;
    }
}
