package io.medallion.lakehouse.profile;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A declared column as the profile suggests it: its config type, {@code required} when every row
 * had a value, the {@code allowed} values of a low-cardinality string column, {@code min} 0 for a
 * numeric column that was never negative, and the {@code format} of a text column holding dates or
 * timestamps.
 */
public record ColumnSuggestion(String name, String type, boolean required, List<String> allowed, Optional<BigDecimal> min,
        Optional<String> format) {
    public ColumnSuggestion {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        allowed = List.copyOf(allowed);
        requireNonNull(min, "min is null");
        requireNonNull(format, "format is null");
    }
}
