package io.medallion.bench.duckdb;

import static java.util.Objects.requireNonNull;

/**
 * A Spark (Java {@code DateTimeFormatter}) datetime pattern translated for DuckDB's
 * {@code try_strptime}, parsing the same texts to the same values that Spark's
 * {@code try_to_timestamp} does.
 *
 * <p>{@code try_strptime} alone is more lenient than Spark: {@code %m} takes {@code 1} where
 * {@code MM} demands {@code 01}, a space in the format matches any run of whitespace (or none at
 * the ends of the text), {@code %Y} takes a two-digit year, and {@code %y} puts 69 to 99 in the
 * 1900s where Spark's {@code yy} always means 2000 to 2099. So the text must first fully match
 * {@link #shape()}, a regular expression with Spark's digit counts and the pattern's literal
 * characters, and a two-digit year below 2000 is moved a century on. Cost: one regular-expression
 * match per value on top of the parse.
 *
 * <p>Supported letters, as Spark reads them: {@code yyyy} and {@code yy} (year), {@code MM} and
 * {@code M} (month), {@code dd} and {@code d} (day), {@code HH} and {@code H} (hour 0-23),
 * {@code mm} and {@code m} (minute), {@code ss} and {@code s} (second), {@code S} to {@code SSSSSS}
 * (fraction of a second, one up to that many digits); text in single quotes and any character that
 * is not a letter stand for themselves. One known difference remains: Spark's one-letter {@code M},
 * {@code d}, {@code H}, {@code m} and {@code s} also take three or more digits with leading zeros
 * ({@code 001}), which DuckDB rejects.
 *
 * @param sparkPattern the pattern as written in the config
 * @param format the {@code strptime} format, e.g. {@code %Y-%m-%d %H:%M:%S}
 * @param shape the regular expression a text must fully match before it is parsed
 * @param twoDigitYear whether the pattern has {@code yy}, whose years DuckDB must move to 2000-2099
 */
record StrptimeFormat(String sparkPattern, String format, String shape, boolean twoDigitYear) {
    /** Reserved by Java's pattern syntax for optional sections and future use. */
    private static final String OPTIONAL_SECTION_MARKS = "[]{}#";
    private static final String SUPPORTED = "yyyy, yy, MM, M, dd, d, HH, H, mm, m, ss, s and S to SSSSSS";

    StrptimeFormat {
        requireNonNull(sparkPattern, "sparkPattern is null");
        requireNonNull(format, "format is null");
        requireNonNull(shape, "shape is null");
    }

    /**
     * Translates {@code pattern}.
     *
     * @throws IllegalArgumentException naming the letter when the pattern uses one outside the supported set
     */
    static StrptimeFormat fromSparkPattern(String pattern) {
        StringBuilder format = new StringBuilder();
        StringBuilder shape = new StringBuilder();
        boolean twoDigitYear = false;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                i = appendQuoted(pattern, i, format, shape);
            } else if (isLetter(c)) {
                int run = 1;
                while (i + run < pattern.length() && pattern.charAt(i + run) == c) {
                    run++;
                }
                Field field = field(pattern, c, run);
                format.append(field.directive());
                shape.append(field.digits());
                twoDigitYear |= c == 'y' && run == 2;
                i += run;
            } else if (OPTIONAL_SECTION_MARKS.indexOf(c) >= 0) {
                throw new IllegalArgumentException("datetime pattern '" + pattern + "' uses '" + c
                        + "', which marks optional sections in Spark and is not supported by the DuckDB translation;"
                        + " quote it ('" + c + "') if it is literal text");
            } else {
                appendLiteral(String.valueOf(c), format, shape);
                i++;
            }
        }
        return new StrptimeFormat(pattern, format.toString(), shape.toString(), twoDigitYear);
    }

    /** The DuckDB expression parsing the text expression {@code text}: a TIMESTAMP, or NULL where Spark gives null. */
    String parse(String text) {
        String parsed = "CASE WHEN regexp_full_match(" + text + ", " + SqlText.literal(shape) + ") THEN try_strptime("
                + text + ", " + SqlText.literal(format) + ") END";
        if (!twoDigitYear) {
            return parsed;
        }
        // %y reads 69-99 as 1969-1999; Spark's yy reads every two-digit year as 2000-2099.
        return "CASE WHEN year(" + parsed + ") < 2000 THEN (" + parsed + ") + INTERVAL 100 YEAR ELSE " + parsed + " END";
    }

    /** One pattern letter run: its strptime directive and the digits Spark accepts for it. */
    private record Field(String directive, String digits) {}

    private static Field field(String pattern, char letter, int run) {
        Field field = switch (letter) {
            case 'y' -> run == 4 ? new Field("%Y", "[0-9]{4}") : run == 2 ? new Field("%y", "[0-9]{2}") : null;
            case 'M' -> numeric("%m", run);
            case 'd' -> numeric("%d", run);
            case 'H' -> numeric("%H", run);
            case 'm' -> numeric("%M", run);
            case 's' -> numeric("%S", run);
            // %g reads up to 3 fraction digits, %f up to 6; both as a fraction, as Spark does (.5 is 500 ms).
            case 'S' -> run <= 3 ? new Field("%g", "[0-9]{1," + run + "}") : run <= 6 ? new Field("%f", "[0-9]{1," + run + "}") : null;
            default -> null;
        };
        if (field == null) {
            throw new IllegalArgumentException("datetime pattern '" + pattern + "' uses '" + String.valueOf(letter).repeat(run)
                    + "', which the DuckDB translation does not support; use " + SUPPORTED
                    + ", or quote literal text like 'T'");
        }
        return field;
    }

    /** {@code MM}: exactly two digits; {@code M}: one or two. */
    private static Field numeric(String directive, int run) {
        return switch (run) {
            case 1 -> new Field(directive, "[0-9]{1,2}");
            case 2 -> new Field(directive, "[0-9]{2}");
            default -> null;
        };
    }

    /**
     * Appends the text quoted at {@code start} ({@code ''} is one quote, inside or outside quoted
     * text) and returns the index after the closing quote.
     */
    private static int appendQuoted(String pattern, int start, StringBuilder format, StringBuilder shape) {
        if (start + 1 < pattern.length() && pattern.charAt(start + 1) == '\'') {
            appendLiteral("'", format, shape);
            return start + 2;
        }
        StringBuilder literal = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= pattern.length()) {
                throw new IllegalArgumentException("datetime pattern '" + pattern + "' opens a quote at position " + start
                        + " that it never closes; end the literal text with '");
            }
            char c = pattern.charAt(i);
            if (c == '\'') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    literal.append('\'');
                    i += 2;
                    continue;
                }
                appendLiteral(literal.toString(), format, shape);
                return i + 1;
            }
            literal.append(c);
            i++;
        }
    }

    private static void appendLiteral(String text, StringBuilder format, StringBuilder shape) {
        for (char c : text.toCharArray()) {
            format.append(c == '%' ? "%%" : String.valueOf(c));
            // RE2 reads a backslash before ASCII punctuation as that character; before anything else it may be a class.
            shape.append(isAsciiPunctuation(c) ? "\\" + c : String.valueOf(c));
        }
    }

    private static boolean isAsciiPunctuation(char c) {
        return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
