package io.medallion.lakehouse.bronze;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one bronze batch did: {@code rowsRead == rowsWritten + rowsQuarantined}, each counted by the
 * Delta commit that wrote them. {@code sourceRecords} is the record count the raw manifests took
 * while landing the readable files (-1 where the format has none): an independent count, reported
 * beside the others so a difference (a quoting problem, say) is seen. {@code blankRecords} counts
 * the blank lines and empty-field rows ({@code ,,,,}) the manifests found, which are skipped.
 * {@code schemaChanges} says, for people, how the files' columns differed from the declared ones.
 * {@code changedFiles} names the source files that had been ingested before with other content and
 * were loaded again as a new version ({@code <name>.v<modification time>} in raw).
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
        long blankRecords,
        Map<String, Long> quarantinedByRule,
        List<String> schemaChanges,
        List<String> changedFiles) {
    public BronzeResult {
        requireNonNull(table, "table is null");
        requireNonNull(batchId, "batchId is null");
        rejectedFiles = List.copyOf(rejectedFiles);
        quarantinedByRule = java.util.Collections.unmodifiableMap(new TreeMap<>(quarantinedByRule));
        schemaChanges = List.copyOf(schemaChanges);
        changedFiles = List.copyOf(changedFiles);
    }

    public static BronzeResult nothingNew(String table, String batchId) {
        return new BronzeResult(table, batchId, 0, List.of(), 0, 0, 0, 0, 0, Map.of(), List.of(), List.of());
    }
}
