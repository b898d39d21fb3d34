package io.medallion.lakehouse.bronze;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one bronze batch did. Invariant, checked before it is returned:
 * {@code rowsRead == rowsWritten + rowsQuarantined}. {@code sourceRecords} is the record count the raw
 * manifests give for the readable files (-1 where the format has none), for reconciliation.
 */
public record BronzeResult(
        String table,
        String batchId,
        long filesRead,
        List<FileRejection> rejectedFiles,
        long rowsRead,
        long rowsWritten,
        long rowsQuarantined,
        long sourceRecords,
        Map<String, Long> quarantinedByRule) {
    public BronzeResult {
        requireNonNull(table, "table is null");
        requireNonNull(batchId, "batchId is null");
        rejectedFiles = List.copyOf(rejectedFiles);
        quarantinedByRule = java.util.Collections.unmodifiableMap(new TreeMap<>(quarantinedByRule));
    }

    public static BronzeResult nothingNew(String table, String batchId) {
        return new BronzeResult(table, batchId, 0, List.of(), 0, 0, 0, 0, Map.of());
    }
}
