package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One declared column of a table and the row rules on it. {@code format} is the parse pattern for a
 * date or timestamp column (Spark datetime pattern, for example {@code M/d/yyyy H:mm}); {@code min}
 * and {@code max} bound numeric values inclusively; {@code pattern} is a regular expression the whole
 * value must match; {@code allowedValues} lists the only accepted values (empty: any).
 */
public record ColumnConfig(
        String name,
        ColumnType type,
        boolean required,
        Optional<String> format,
        Optional<BigDecimal> min,
        Optional<BigDecimal> max,
        Optional<String> pattern,
        List<String> allowedValues) {
    public ColumnConfig {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(format, "format is null");
        requireNonNull(min, "min is null");
        requireNonNull(max, "max is null");
        requireNonNull(pattern, "pattern is null");
        allowedValues = List.copyOf(allowedValues);
    }
}
