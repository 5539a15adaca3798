package io.caravel.api.providers.s3;

import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalField;
import java.time.temporal.UnsupportedTemporalTypeException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Go time layout (written with Go's reference time, {@code Mon Jan 2 15:04:05 MST 2006}, e.g.
 * {@code 2006-01-02}) translated to a java.time formatter, reading and printing text the way Go's
 * {@code time.Parse} and {@code Time.Format} do for the tokens it supports.
 *
 * <p>Supported tokens: {@code 2006 06 January Jan 01 1 Monday Mon 02 2 15 03 3 04 4 05 5 PM pm},
 * the numeric zone offsets {@code -07 -0700 -07:00 -070000 -07:00:00} and their {@code Z} forms,
 * and fractional seconds {@code .000}/{@code .999}. A layout using any other Go token ({@code MST},
 * {@code _2}, {@code __2}, {@code 002}, {@code ,000}, {@code ,999}) is refused rather than read
 * differently from Go.
 */
final class GoTimeLayout {
    private enum Kind {
        LITERAL,
        LONG_YEAR,
        YEAR,
        LONG_MONTH,
        MONTH,
        NUM_MONTH,
        ZERO_MONTH,
        LONG_WEEKDAY,
        WEEKDAY,
        DAY,
        ZERO_DAY,
        HOUR,
        HOUR12,
        ZERO_HOUR12,
        MINUTE,
        ZERO_MINUTE,
        SECOND,
        ZERO_SECOND,
        PM,
        LOWER_PM,
        OFFSET,
        FRACTION,
        UNSUPPORTED
    }

    /** One piece of a layout: a literal, or a token with the text it was written as. */
    private record Chunk(Kind kind, String text) {}

    private static final Map<Long, String> LONG_MONTHS = new HashMap<>();
    private static final Map<Long, String> SHORT_MONTHS = new HashMap<>();
    private static final Map<Long, String> LONG_DAYS = new HashMap<>();
    private static final Map<Long, String> SHORT_DAYS = new HashMap<>();
    private static final Map<Long, String> UPPER_AMPM = Map.of(0L, "AM", 1L, "PM");
    private static final Map<Long, String> LOWER_AMPM = Map.of(0L, "am", 1L, "pm");

    static {
        for (Month m : Month.values()) {
            String name = capitalised(m.name());
            LONG_MONTHS.put((long) m.getValue(), name);
            SHORT_MONTHS.put((long) m.getValue(), name.substring(0, 3));
        }
        for (DayOfWeek d : DayOfWeek.values()) {
            String name = capitalised(d.name());
            LONG_DAYS.put((long) d.getValue(), name);
            SHORT_DAYS.put((long) d.getValue(), name.substring(0, 3));
        }
    }

    private final String layout;
    private final List<Chunk> chunks;
    private final DateTimeFormatter parser;
    private final DateTimeFormatter printer;

    private GoTimeLayout(String layout, List<Chunk> chunks) {
        this.layout = layout;
        this.chunks = chunks;
        this.parser = build(chunks, false);
        this.printer = build(chunks, true);
    }

    /**
     * The layout, or empty when it uses a token Caravel does not support or when, as Go's own check
     * does, Go's reference time printed with it cannot be read back.
     */
    static Optional<GoTimeLayout> compile(String layout) {
        if (layout == null || layout.isEmpty()) {
            return Optional.empty();
        }
        List<Chunk> chunks = tokenise(layout);
        if (chunks.stream().anyMatch(c -> c.kind() == Kind.UNSUPPORTED)) {
            return Optional.empty();
        }
        GoTimeLayout compiled;
        try {
            compiled = new GoTimeLayout(layout, List.copyOf(chunks));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Optional<String> reference = compiled.print(referenceFields());
        if (reference.isEmpty() || compiled.reformat(reference.get()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(compiled);
    }

    String layout() {
        return layout;
    }

    /**
     * Reads {@code text} with this layout and prints the time it denotes with the same layout, as
     * Go's {@code time.Parse} then {@code Format} would; empty when Go would fail to parse it
     * (wrong shape, text left over, a field out of range such as February 30).
     */
    Optional<String> reformat(String text) {
        ParsePosition position = new ParsePosition(0);
        TemporalAccessor parsed;
        try {
            parsed = parser.parseUnresolved(text, position);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (parsed == null
                || position.getErrorIndex() >= 0
                || position.getIndex() != text.length()) {
            return Optional.empty();
        }
        return resolve(parsed).flatMap(this::print);
    }

    /** Go's defaults and range checks: missing fields are zero (year) or one (month, day). */
    private Optional<Map<ChronoField, Long>> resolve(TemporalAccessor parsed) {
        long year = get(parsed, ChronoField.YEAR, 0);
        long month = get(parsed, ChronoField.MONTH_OF_YEAR, 1);
        long day = get(parsed, ChronoField.DAY_OF_MONTH, 1);
        long minute = get(parsed, ChronoField.MINUTE_OF_HOUR, 0);
        long second = get(parsed, ChronoField.SECOND_OF_MINUTE, 0);
        long nano = get(parsed, ChronoField.NANO_OF_SECOND, 0);
        long offset = get(parsed, ChronoField.OFFSET_SECONDS, 0);
        if (month < 1 || month > 12 || minute > 59 || second > 59) {
            return Optional.empty();
        }
        int monthLength = Month.of((int) month).length(Year.isLeap(year));
        if (day < 1 || day > monthLength) {
            return Optional.empty();
        }
        long hour = hour(parsed);
        if (hour < 0) {
            return Optional.empty();
        }
        LocalDate date;
        try {
            date = LocalDate.of((int) year, (int) month, (int) day);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        Map<ChronoField, Long> fields = new EnumMap<>(ChronoField.class);
        fields.put(ChronoField.YEAR, year);
        fields.put(ChronoField.MONTH_OF_YEAR, month);
        fields.put(ChronoField.DAY_OF_MONTH, day);
        fields.put(ChronoField.DAY_OF_WEEK, (long) date.getDayOfWeek().getValue());
        fields.put(ChronoField.HOUR_OF_DAY, hour);
        fields.put(ChronoField.MINUTE_OF_HOUR, minute);
        fields.put(ChronoField.SECOND_OF_MINUTE, second);
        fields.put(ChronoField.NANO_OF_SECOND, nano);
        fields.put(ChronoField.OFFSET_SECONDS, offset);
        return Optional.of(fields);
    }

    /**
     * The hour of day, or -1 when out of range. Like Go, the hour token written last wins, and a PM
     * marker adds twelve to an hour below twelve (AM turns 12 into 0).
     */
    private long hour(TemporalAccessor parsed) {
        long hour = 0;
        for (Chunk c : chunks) {
            if (c.kind() == Kind.HOUR) {
                hour = get(parsed, ChronoField.HOUR_OF_DAY, 0);
                if (hour > 23) {
                    return -1;
                }
            } else if (c.kind() == Kind.HOUR12 || c.kind() == Kind.ZERO_HOUR12) {
                hour = get(parsed, ChronoField.CLOCK_HOUR_OF_AMPM, 0);
                if (hour > 12) {
                    return -1;
                }
            }
        }
        if (parsed.isSupported(ChronoField.AMPM_OF_DAY)) {
            long ampm = parsed.getLong(ChronoField.AMPM_OF_DAY);
            if (ampm == 1 && hour < 12) {
                hour += 12;
            } else if (ampm == 0 && hour == 12) {
                hour = 0;
            }
        }
        return hour;
    }

    private Optional<String> print(Map<ChronoField, Long> fields) {
        Map<ChronoField, Long> all = new EnumMap<>(fields);
        long hour = fields.getOrDefault(ChronoField.HOUR_OF_DAY, 0L);
        all.put(ChronoField.AMPM_OF_DAY, hour >= 12 ? 1L : 0L);
        all.put(ChronoField.CLOCK_HOUR_OF_AMPM, hour % 12 == 0 ? 12L : hour % 12);
        try {
            return Optional.of(printer.format(new Fields(all)));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Map<ChronoField, Long> referenceFields() {
        Map<ChronoField, Long> ref = new EnumMap<>(ChronoField.class);
        ref.put(ChronoField.YEAR, 2006L);
        ref.put(ChronoField.MONTH_OF_YEAR, 1L);
        ref.put(ChronoField.DAY_OF_MONTH, 2L);
        ref.put(ChronoField.DAY_OF_WEEK, (long) DayOfWeek.MONDAY.getValue());
        ref.put(ChronoField.HOUR_OF_DAY, 15L);
        ref.put(ChronoField.MINUTE_OF_HOUR, 4L);
        ref.put(ChronoField.SECOND_OF_MINUTE, 5L);
        ref.put(ChronoField.NANO_OF_SECOND, 0L);
        ref.put(ChronoField.OFFSET_SECONDS, 0L);
        return ref;
    }

    private static long get(TemporalAccessor parsed, ChronoField field, long otherwise) {
        return parsed.isSupported(field) ? parsed.getLong(field) : otherwise;
    }

    /** Splits a layout into literals and tokens, recognising tokens as Go's layout reader does. */
    private static List<Chunk> tokenise(String layout) {
        List<Chunk> chunks = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < layout.length()) {
            Chunk token = tokenAt(layout, i);
            if (token == null) {
                literal.append(layout.charAt(i));
                i++;
                continue;
            }
            if (literal.length() > 0) {
                chunks.add(new Chunk(Kind.LITERAL, literal.toString()));
                literal.setLength(0);
            }
            chunks.add(token);
            i += token.text().length();
        }
        if (literal.length() > 0) {
            chunks.add(new Chunk(Kind.LITERAL, literal.toString()));
        }
        return chunks;
    }

    /** The token starting at {@code i}, or null when the character there is literal text. */
    private static Chunk tokenAt(String s, int i) {
        char c = s.charAt(i);
        switch (c) {
            case 'J':
                if (s.startsWith("January", i)) {
                    return new Chunk(Kind.LONG_MONTH, "January");
                }
                return shortName(s, i, "Jan", Kind.MONTH);
            case 'M':
                if (s.startsWith("Monday", i)) {
                    return new Chunk(Kind.LONG_WEEKDAY, "Monday");
                }
                Chunk weekday = shortName(s, i, "Mon", Kind.WEEKDAY);
                return weekday != null ? weekday : first(s, i, Kind.UNSUPPORTED, "MST");
            case '0':
                if (i + 1 < s.length() && s.charAt(i + 1) >= '1' && s.charAt(i + 1) <= '6') {
                    Kind[] kinds = {
                        Kind.ZERO_MONTH,
                        Kind.ZERO_DAY,
                        Kind.ZERO_HOUR12,
                        Kind.ZERO_MINUTE,
                        Kind.ZERO_SECOND,
                        Kind.YEAR
                    };
                    return new Chunk(kinds[s.charAt(i + 1) - '1'], s.substring(i, i + 2));
                }
                return first(s, i, Kind.UNSUPPORTED, "002");
            case '1':
                return s.startsWith("15", i)
                        ? new Chunk(Kind.HOUR, "15")
                        : new Chunk(Kind.NUM_MONTH, "1");
            case '2':
                return s.startsWith("2006", i)
                        ? new Chunk(Kind.LONG_YEAR, "2006")
                        : new Chunk(Kind.DAY, "2");
            case '_':
                // "_2006" is a literal underscore followed by the year; "_2" and "__2" are
                // unsupported.
                if (s.startsWith("_2006", i)) {
                    return null;
                }
                return first(s, i, Kind.UNSUPPORTED, "__2", Kind.UNSUPPORTED, "_2");
            case '3':
                return new Chunk(Kind.HOUR12, "3");
            case '4':
                return new Chunk(Kind.MINUTE, "4");
            case '5':
                return new Chunk(Kind.SECOND, "5");
            case 'P':
                return first(s, i, Kind.PM, "PM");
            case 'p':
                return first(s, i, Kind.LOWER_PM, "pm");
            case '-':
                return first(
                        s,
                        i,
                        Kind.OFFSET,
                        "-070000",
                        Kind.OFFSET,
                        "-07:00:00",
                        Kind.OFFSET,
                        "-0700",
                        Kind.OFFSET,
                        "-07:00",
                        Kind.OFFSET,
                        "-07");
            case 'Z':
                return first(
                        s,
                        i,
                        Kind.OFFSET,
                        "Z070000",
                        Kind.OFFSET,
                        "Z07:00:00",
                        Kind.OFFSET,
                        "Z0700",
                        Kind.OFFSET,
                        "Z07:00",
                        Kind.OFFSET,
                        "Z07");
            case '.':
            case ',':
                return fraction(s, i);
            default:
                return null;
        }
    }

    /** Like Go, {@code Jan} and {@code Mon} are tokens only when no lower-case letter follows. */
    private static Chunk shortName(String s, int i, String name, Kind kind) {
        int end = i + name.length();
        if (!s.startsWith(name, i)
                || (end < s.length() && s.charAt(end) >= 'a' && s.charAt(end) <= 'z')) {
            return null;
        }
        return new Chunk(kind, name);
    }

    private static Chunk fraction(String s, int i) {
        if (i + 1 >= s.length() || (s.charAt(i + 1) != '0' && s.charAt(i + 1) != '9')) {
            return null;
        }
        char digit = s.charAt(i + 1);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) == digit) {
            j++;
        }
        if (j < s.length() && Character.isDigit(s.charAt(j))) {
            return null;
        }
        Kind kind = s.charAt(i) == '.' ? Kind.FRACTION : Kind.UNSUPPORTED;
        return new Chunk(kind, s.substring(i, j));
    }

    /** The first of the (kind, text) pairs whose text starts at {@code i}, or null. */
    private static Chunk first(String s, int i, Object... pairs) {
        for (int k = 0; k < pairs.length; k += 2) {
            String text = (String) pairs[k + 1];
            if (s.startsWith(text, i)) {
                return new Chunk((Kind) pairs[k], text);
            }
        }
        return null;
    }

    /**
     * The formatter reading ({@code printing} false) or printing the layout; they differ where Go
     * reads more leniently than it prints: {@code 15} reads one or two digits but prints two, and
     * {@code .999} reads any number of digits but prints at most as many as written.
     */
    private static DateTimeFormatter build(List<Chunk> chunks, boolean printing) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder();
        for (Chunk c : chunks) {
            switch (c.kind()) {
                case LITERAL -> b.appendLiteral(c.text());
                case LONG_YEAR -> b.appendValue(ChronoField.YEAR, 4);
                case YEAR -> b.appendValueReduced(ChronoField.YEAR, 2, 2, 1969);
                case LONG_MONTH -> names(b, ChronoField.MONTH_OF_YEAR, LONG_MONTHS);
                case MONTH -> names(b, ChronoField.MONTH_OF_YEAR, SHORT_MONTHS);
                case NUM_MONTH ->
                        b.appendValue(ChronoField.MONTH_OF_YEAR, 1, 2, SignStyle.NOT_NEGATIVE);
                case ZERO_MONTH -> b.appendValue(ChronoField.MONTH_OF_YEAR, 2);
                case LONG_WEEKDAY -> names(b, ChronoField.DAY_OF_WEEK, LONG_DAYS);
                case WEEKDAY -> names(b, ChronoField.DAY_OF_WEEK, SHORT_DAYS);
                case DAY -> b.appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE);
                case ZERO_DAY -> b.appendValue(ChronoField.DAY_OF_MONTH, 2);
                case HOUR -> {
                    if (printing) {
                        b.appendValue(ChronoField.HOUR_OF_DAY, 2);
                    } else {
                        b.appendValue(ChronoField.HOUR_OF_DAY, 1, 2, SignStyle.NOT_NEGATIVE);
                    }
                }
                case HOUR12 ->
                        b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 1, 2, SignStyle.NOT_NEGATIVE);
                case ZERO_HOUR12 -> b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 2);
                case MINUTE ->
                        b.appendValue(ChronoField.MINUTE_OF_HOUR, 1, 2, SignStyle.NOT_NEGATIVE);
                case ZERO_MINUTE -> b.appendValue(ChronoField.MINUTE_OF_HOUR, 2);
                case SECOND ->
                        b.appendValue(ChronoField.SECOND_OF_MINUTE, 1, 2, SignStyle.NOT_NEGATIVE);
                case ZERO_SECOND -> b.appendValue(ChronoField.SECOND_OF_MINUTE, 2);
                case PM -> b.appendText(ChronoField.AMPM_OF_DAY, UPPER_AMPM);
                case LOWER_PM -> b.appendText(ChronoField.AMPM_OF_DAY, LOWER_AMPM);
                case OFFSET -> offset(b, c.text());
                case FRACTION -> {
                    int digits = c.text().length() - 1;
                    if (c.text().charAt(1) == '0') {
                        b.appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, true);
                    } else {
                        b.appendFraction(
                                ChronoField.NANO_OF_SECOND, 0, printing ? digits : 9, true);
                    }
                }
                default ->
                        throw new IllegalStateException("unsupported Go layout token " + c.text());
            }
        }
        return b.toFormatter(Locale.ROOT);
    }

    /** Go matches month and day names ignoring case, and everything else exactly. */
    private static void names(
            DateTimeFormatterBuilder b, ChronoField field, Map<Long, String> names) {
        b.parseCaseInsensitive().appendText(field, names).parseCaseSensitive();
    }

    private static void offset(DateTimeFormatterBuilder b, String token) {
        String digits = token.substring(1);
        String pattern =
                switch (digits) {
                    case "070000" -> "+HHMMSS";
                    case "07:00:00" -> "+HH:MM:SS";
                    case "0700" -> "+HHMM";
                    case "07:00" -> "+HH:MM";
                    default -> "+HH";
                };
        String zero = token.charAt(0) == 'Z' ? "Z" : "+" + digits.replace('7', '0');
        b.appendOffset(pattern, zero);
    }

    private static String capitalised(String upper) {
        return upper.charAt(0) + upper.substring(1).toLowerCase(Locale.ROOT);
    }

    /** Field values to print from, without java.time's cross-field resolution. */
    private record Fields(Map<ChronoField, Long> values) implements TemporalAccessor {
        @Override
        public boolean isSupported(TemporalField field) {
            return field instanceof ChronoField f && values.containsKey(f);
        }

        @Override
        public long getLong(TemporalField field) {
            Long v = field instanceof ChronoField f ? values.get(f) : null;
            if (v == null) {
                throw new UnsupportedTemporalTypeException("unsupported field: " + field);
            }
            return v;
        }
    }
}
