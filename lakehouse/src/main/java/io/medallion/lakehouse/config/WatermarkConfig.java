package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * How a JDBC source is extracted incrementally: rows whose ({@code column}, {@code keys}) come after
 * the saved watermark in lexicographic order, plus the rows of the last {@code lookback} before it,
 * which catches rows a late-committing transaction wrote with an older timestamp. Re-read rows that
 * bronze already holds are not loaded again. {@code lookback} defaults to zero.
 */
public record WatermarkConfig(String column, List<String> keys, Duration lookback) {
    public WatermarkConfig {
        requireNonNull(column, "column is null");
        keys = List.copyOf(keys);
        requireNonNull(lookback, "lookback is null");
    }
}
