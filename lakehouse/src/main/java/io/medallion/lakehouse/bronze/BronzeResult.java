package io.medallion.lakehouse.bronze;

import static java.util.Objects.requireNonNull;

import io.medallion.quality.gate.GateResult;
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
 * {@code quality} is what the table's quality gate measured on the rows the batch wrote; when an
 * error-level check failed ({@link #blocked()}) nothing of the batch was committed and every row
 * count is 0.
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
        List<String> changedFiles,
        GateResult quality) {
    public BronzeResult {
        requireNonNull(table, "table is null");
        requireNonNull(batchId, "batchId is null");
        rejectedFiles = List.copyOf(rejectedFiles);
        quarantinedByRule = java.util.Collections.unmodifiableMap(new TreeMap<>(quarantinedByRule));
        schemaChanges = List.copyOf(schemaChanges);
        changedFiles = List.copyOf(changedFiles);
        requireNonNull(quality, "quality is null");
    }

    /** A batch the quality gate kept out of the table: nothing of it was committed, neither to bronze nor to quarantine. */
    public static BronzeResult blocked(String table, String batchId, long filesRead, GateResult quality) {
        return new BronzeResult(table, batchId, filesRead, List.of(), 0, 0, 0, 0, 0, Map.of(), List.of(), List.of(), quality);
    }

    /** True when an error-level check failed, so the batch was not committed. */
    public boolean blocked() {
        return quality.blocksCommit();
    }

    /**
     * The failed error-level checks with what they measured, e.g. {@code unique_id (uniqueness,
     * error): Uniqueness 0.9981, needs >= 0.999}, joined by {@code ; }; empty when none failed.
     */
    public String blockingChecks() {
        return quality.blockingChecks();
    }

    public static BronzeResult nothingNew(String table, String batchId) {
        return new BronzeResult(table, batchId, 0, List.of(), 0, 0, 0, 0, 0, Map.of(), List.of(), List.of(), GateResult.NO_CHECKS);
    }
}
