package io.medallion.jobs.generate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Parses sizes such as {@code 500KB}, {@code 20MB}, {@code 1GB}, {@code 1.5GB} or a plain byte count.
 *
 * <p>Units are binary and case-insensitive: {@code KB} is 1024 bytes, {@code MB} 1024², {@code GB}
 * 1024³, {@code TB} 1024⁴; {@code B} or no unit means bytes. A fraction is allowed with a unit and
 * rounded down to whole bytes.
 */
public final class DataSize {
    private static final String[] UNITS = {"TB", "GB", "MB", "KB", "B"};
    private static final long[] UNIT_BYTES = {1L << 40, 1L << 30, 1L << 20, 1L << 10, 1L};

    private DataSize() {}

    /**
     * The number of bytes {@code text} stands for.
     *
     * @throws IllegalArgumentException if {@code text} is not a non-negative number with an optional
     *     unit, or does not fit in a {@code long}
     */
    public static long parse(String text) {
        if (text == null) {
            throw invalid(null);
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT);
        long multiplier = 1;
        String number = normalized;
        for (int i = 0; i < UNITS.length; i++) {
            if (normalized.endsWith(UNITS[i])) {
                multiplier = UNIT_BYTES[i];
                number = normalized.substring(0, normalized.length() - UNITS[i].length()).trim();
                break;
            }
        }
        if (!isPlainDecimal(number) || (multiplier == 1 && number.indexOf('.') >= 0)) {
            throw invalid(text);
        }
        try {
            return new BigDecimal(number)
                    .multiply(BigDecimal.valueOf(multiplier))
                    .setScale(0, RoundingMode.DOWN)
                    .longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw invalid(text);
        }
    }

    /** Digits with at most one inner decimal point: no sign, no exponent, no grouping. */
    private static boolean isPlainDecimal(String number) {
        if (number.isEmpty() || number.startsWith(".") || number.endsWith(".")) {
            return false;
        }
        int points = 0;
        for (int i = 0; i < number.length(); i++) {
            char character = number.charAt(i);
            if (character == '.') {
                points++;
            } else if (character < '0' || character > '9') {
                return false;
            }
        }
        return points <= 1;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("--size must look like 20MB or 1GB, got '" + text + "'");
    }
}
