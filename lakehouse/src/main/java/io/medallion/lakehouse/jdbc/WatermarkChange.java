package io.medallion.lakehouse.jdbc;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of the watermark table: a table's watermark moved from {@code previous} to
 * {@code watermark} (empty: forgotten), by whom, when, in which run, and why.
 */
public record WatermarkChange(
        String tableName,
        String source,
        Optional<Watermark> watermark,
        Optional<Watermark> previous,
        String runId,
        Optional<String> batchId,
        Instant changedAt,
        String changedBy,
        String reason) {
    public WatermarkChange {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(source, "source is null");
        requireNonNull(watermark, "watermark is null");
        requireNonNull(previous, "previous is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(batchId, "batchId is null");
        requireNonNull(changedAt, "changedAt is null");
        requireNonNull(changedBy, "changedBy is null");
        requireNonNull(reason, "reason is null");
    }
}
