package io.medallion.lakehouse.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations written as a whole number and a unit: {@code 0}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}. */
final class DurationText {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)?");

    private DurationText() {}

    static Optional<Duration> parse(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2);
        if (unit == null) {
            return amount == 0 ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        return Optional.of(switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }
}
