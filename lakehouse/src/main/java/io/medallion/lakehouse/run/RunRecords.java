package io.medallion.lakehouse.run;

import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.system.AuditEntry;
import io.medallion.lakehouse.system.AuditLog;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.lakehouse.system.QualityResults;
import io.medallion.quality.gate.GateResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * A run's audit entries and quality outcomes, held until its layer has loaded every table and then
 * written in one commit per system table. Each append is a Delta commit of its own (a write job, the
 * log's listing, a checkpoint every tenth commit): one per table per record cost a small table's load
 * more than its own rows did. The tables' rows, the ledger and the silver progress still commit table
 * by table, so a run stopped mid-layer loses only the audit and quality rows of that layer's tables,
 * not what makes a rerun load the same batches once. Tables loading side by side record into one instance.
 */
final class RunRecords {
    private final AuditLog audit;
    private final QualityResults qualityResults;
    private final String location;
    private final List<AuditEntry> entries = new ArrayList<>();
    private final List<Row> outcomes = new ArrayList<>();

    /** @param location the lakehouse root, for the error when the records cannot be written */
    RunRecords(AuditLog audit, QualityResults qualityResults, String location) {
        this.audit = audit;
        this.qualityResults = qualityResults;
        this.location = location;
    }

    synchronized void audit(AuditEntry entry) {
        entries.add(entry);
    }

    /** The outcomes of one batch of {@code <layer>.<tableName>}'s checks; nothing for a table without checks. */
    synchronized void quality(BatchContext batch, String layer, String tableName, GateResult quality) {
        outcomes.addAll(QualityResults.rows(batch, layer, tableName, quality));
    }

    /** Writes what was recorded since the last flush: at most one commit to each table. */
    synchronized void flush() {
        try {
            qualityResults.append(List.copyOf(outcomes));
            outcomes.clear();
            audit.record(List.copyOf(entries));
            entries.clear();
        } catch (RuntimeException e) {
            throw Errors.storageFailed("write the run's quality results and audit log", location, e);
        }
    }
}
