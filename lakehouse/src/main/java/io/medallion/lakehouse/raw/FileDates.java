package io.medallion.lakehouse.raw;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the business date a file's name carries, by a date format such as {@code yyyy-MM-dd} or
 * {@code yyyyMMdd}: {@code sales_2026-01-04.csv} belongs to 2026-01-04 whenever it arrives, so a
 * late file lands in that date's raw partition and bronze rows. The first part of the name that
 * matches the format and is a real date wins.
 */
public final class FileDates {
    private final DateTimeFormatter formatter;
    private final Pattern pattern;

    private FileDates(String format) {
        this.formatter = DateTimeFormatter.ofPattern(format.replace('y', 'u')).withResolverStyle(ResolverStyle.STRICT);
        this.pattern = Pattern.compile(toRegex(format));
    }

    /**
     * @throws IllegalArgumentException when the format lacks a year, month or day, or holds other
     *     pattern letters
     */
    public static FileDates of(String format) {
        if (!format.contains("yyyy") || !format.contains("MM") || !format.contains("dd") || format.replaceAll("yyyy|MM|dd", "").chars().anyMatch(Character::isLetter)) {
            throw new IllegalArgumentException("a file date format needs yyyy, MM and dd and no other letters, e.g. yyyy-MM-dd or yyyyMMdd");
        }
        return new FileDates(format);
    }

    public Optional<LocalDate> dateOf(String fileName) {
        Matcher matcher = pattern.matcher(fileName);
        while (matcher.find()) {
            try {
                return Optional.of(LocalDate.parse(matcher.group(), formatter));
            } catch (DateTimeParseException notADate) {
                // 20261399 has the shape of a date but is none: look further along the name.
            }
        }
        return Optional.empty();
    }

    private static String toRegex(String format) {
        StringBuilder regex = new StringBuilder("(?<![0-9])");
        String rest = format;
        while (!rest.isEmpty()) {
            if (rest.startsWith("yyyy")) {
                regex.append("[0-9]{4}");
                rest = rest.substring(4);
            } else if (rest.startsWith("MM") || rest.startsWith("dd")) {
                regex.append("[0-9]{2}");
                rest = rest.substring(2);
            } else {
                regex.append(Pattern.quote(rest.substring(0, 1)));
                rest = rest.substring(1);
            }
        }
        return regex.append("(?![0-9])").toString();
    }
}
