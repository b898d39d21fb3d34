package io.medallion.lakehouse.profile;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a table's {@code checks:} as the profile suggests it, in the config format of the
 * quality gates: {@code type}, the {@code column} it reads (none for {@code size}), its
 * {@code threshold} in [0, 1], {@code values} for {@code allowed_values}, {@code min}/{@code max}
 * for {@code range} and {@code size}, and its {@code level} ({@code error} or {@code warning}).
 */
public record CheckSuggestion(String type, Optional<String> column, Optional<Double> threshold, List<String> values,
        Optional<BigDecimal> min, Optional<BigDecimal> max, String level) {
    public CheckSuggestion {
        requireNonNull(type, "type is null");
        requireNonNull(column, "column is null");
        requireNonNull(threshold, "threshold is null");
        threshold.ifPresent(t -> {
            if (t < 0 || t > 1) {
                throw new IllegalArgumentException("threshold must be in [0, 1], got " + t);
            }
        });
        values = List.copyOf(values);
        requireNonNull(min, "min is null");
        requireNonNull(max, "max is null");
        requireNonNull(level, "level is null");
    }
}
