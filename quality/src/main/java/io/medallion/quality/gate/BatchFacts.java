package io.medallion.quality.gate;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalLong;

/**
 * What a gate knows of the batch it checks besides its rows: which table and batch (the keys its
 * metrics are stored under), when the batch ran (what freshness is measured against) and how many
 * records its source delivered (what reconciliation compares the table's rows with).
 *
 * @param table the table's qualified name, e.g. {@code bronze.sales}
 * @param layer the table's layer, e.g. {@code bronze}
 * @param sourceRecords records the source delivered for this batch (blank lines excluded); empty when unknown
 */
public record BatchFacts(
        String table,
        String layer,
        String runId,
        String batchId,
        LocalDate ingestDate,
        Instant batchTime,
        OptionalLong sourceRecords) {
    public BatchFacts {
        requireNonNull(table, "table is null");
        requireNonNull(layer, "layer is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(batchId, "batchId is null");
        requireNonNull(ingestDate, "ingestDate is null");
        requireNonNull(batchTime, "batchTime is null");
        requireNonNull(sourceRecords, "sourceRecords is null");
    }
}
