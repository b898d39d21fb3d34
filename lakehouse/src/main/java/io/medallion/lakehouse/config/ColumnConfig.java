package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One declared column of a table and the row rules on it. {@code format} is the parse pattern for a
 * date or timestamp column (Spark datetime pattern, for example {@code M/d/yyyy H:mm}); {@code min}
 * and {@code max} bound numeric values inclusively; {@code pattern} is a regular expression the whole
 * value must match; {@code allowedValues} lists the only accepted values (empty: any); {@code path}
 * is where the value sits inside a nested record ({@code attributes.dimensions.width_cm}), so nested
 * sources can be flattened; without it the column is the record's field of the same name.
 */
public record ColumnConfig(
        String name,
        ColumnType type,
        boolean required,
        Optional<String> format,
        Optional<BigDecimal> min,
        Optional<BigDecimal> max,
        Optional<String> pattern,
        List<String> allowedValues,
        Optional<String> path) {
    public ColumnConfig {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(format, "format is null");
        requireNonNull(min, "min is null");
        requireNonNull(max, "max is null");
        requireNonNull(pattern, "pattern is null");
        allowedValues = List.copyOf(allowedValues);
        requireNonNull(path, "path is null");
    }

    /** The path of the value in the source record: {@code path} when set, else the column name. */
    public String sourcePath() {
        return path.orElse(name);
    }
}
