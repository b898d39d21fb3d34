package io.medallion.lakehouse.state;

import static java.util.Objects.requireNonNull;

import io.medallion.lakehouse.jdbc.WatermarkChange;
import java.util.Optional;

/**
 * Where one bronze table stands: for a JDBC source, its latest watermark change (empty: never
 * extracted); for a file source, how many files the processed-files ledger holds for it.
 */
public record TableState(String table, String source, boolean jdbc, Optional<WatermarkChange> watermark, long filesIngested) {
    public TableState {
        requireNonNull(table, "table is null");
        requireNonNull(source, "source is null");
        requireNonNull(watermark, "watermark is null");
    }
}
