package io.medallion.quality.suite;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The metrics an anomaly check compares with the table's earlier batches. A row count changes by a
 * share of its previous value; a completeness, itself a share, changes by an absolute amount.
 */
public enum AnomalyMetric {
    /** Rows in the batch; bounds are relative: {@code max_decrease: 0.5} allows at most half as many rows as the batch before. */
    ROW_COUNT(false),
    /** Share of non-null values of one column; bounds are absolute: {@code max_decrease: 0.05} allows 0.97 after 1.0 but not 0.94. */
    COMPLETENESS(true);

    private final boolean needsColumn;

    AnomalyMetric(boolean needsColumn) {
        this.needsColumn = needsColumn;
    }

    public boolean needsColumn() {
        return needsColumn;
    }

    /** The name written in config, e.g. {@code row_count}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AnomalyMetric> fromKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key().equals(key)).findFirst();
    }
}
