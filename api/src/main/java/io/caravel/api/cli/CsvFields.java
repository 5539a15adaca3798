package io.caravel.api.cli;

import io.caravel.api.errors.CaravelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one flag value into comma-separated fields the way Go's {@code encoding/csv} reader reads
 * a single record: a field that starts with {@code "} is quoted (a doubled {@code ""} inside it is
 * one quote, commas and line breaks inside it are kept), a quote anywhere else is an error.
 */
final class CsvFields {
    private CsvFields() {}

    /**
     * Returns the fields of {@code value}; an empty value has no fields.
     *
     * @throws CaravelException naming {@code flag} when a quote is misplaced or a line break
     *     appears outside quotes
     */
    static List<String> split(String flag, String value) {
        List<String> fields = new ArrayList<>();
        if (value.isEmpty()) {
            return fields;
        }
        int pos = 0;
        while (true) {
            StringBuilder field = new StringBuilder();
            if (pos < value.length() && value.charAt(pos) == '"') {
                pos = readQuoted(flag, value, pos + 1, field);
            } else {
                pos = readBare(flag, value, pos, field);
            }
            fields.add(field.toString());
            if (pos >= value.length()) {
                return fields;
            }
            // readQuoted and readBare stop only at the end or on a comma.
            pos++;
        }
    }

    private static int readBare(String flag, String value, int pos, StringBuilder field) {
        while (pos < value.length()) {
            char c = value.charAt(pos);
            if (c == ',') {
                return pos;
            }
            if (c == '"') {
                throw error(
                        flag, value, "a quote inside an unquoted field at character " + (pos + 1));
            }
            if (c == '\n' || c == '\r') {
                throw error(flag, value, "a line break outside quotes at character " + (pos + 1));
            }
            field.append(c);
            pos++;
        }
        return pos;
    }

    private static int readQuoted(String flag, String value, int pos, StringBuilder field) {
        while (pos < value.length()) {
            char c = value.charAt(pos);
            if (c != '"') {
                field.append(c);
                pos++;
                continue;
            }
            if (pos + 1 < value.length() && value.charAt(pos + 1) == '"') {
                field.append('"');
                pos += 2;
                continue;
            }
            int after = pos + 1;
            if (after < value.length() && value.charAt(after) != ',') {
                throw error(flag, value, "text after a closing quote at character " + (after + 1));
            }
            return after;
        }
        throw error(flag, value, "a quoted field that is never closed");
    }

    private static CaravelException error(String flag, String value, String problem) {
        return CaravelException.badArgument(
                flag,
                "cannot split \"" + value + "\" into comma-separated fields: " + problem,
                "quote a whole field with \"...\" and write a quote inside it as \"\"");
    }
}
