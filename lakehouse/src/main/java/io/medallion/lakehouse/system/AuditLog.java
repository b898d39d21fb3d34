package io.medallion.lakehouse.system;

import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The append-only audit log, a Delta table at {@code _system/audit}: one row per step per table per
 * run, successful or not. Query it like any table to see what ran, when, and with which counts.
 */
public final class AuditLog {
    static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("batch_id", DataTypes.StringType, false)
            .add("pipeline", DataTypes.StringType, false)
            .add("layer", DataTypes.StringType, false)
            .add("table_name", DataTypes.StringType, false)
            .add("step", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("started_at", DataTypes.TimestampType, false)
            .add("finished_at", DataTypes.TimestampType, false)
            .add("rows_read", DataTypes.LongType, false)
            .add("rows_written", DataTypes.LongType, false)
            .add("rows_quarantined", DataTypes.LongType, false)
            .add("files_read", DataTypes.LongType, false)
            .add("files_quarantined", DataTypes.LongType, false)
            .add("message", DataTypes.StringType, false)
            .add("quality_score", DataTypes.DoubleType, true);

    private final SparkSession spark;
    private final TableRef table;

    public AuditLog(SparkSession spark, LakehouseLayout layout) {
        this.spark = spark;
        this.table = TableRef.atPath(layout.system("audit"));
    }

    public TableRef table() {
        return table;
    }

    public void record(AuditEntry entry) {
        record(List.of(entry));
    }

    /** Appends the entries in one commit (none when there are none). */
    public void record(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<Row> rows = entries.stream().map(entry -> RowFactory.create(
                entry.batch().runId(), entry.batch().batchId(entry.tableName()), entry.batch().pipeline(), entry.layer(),
                entry.tableName(), entry.step(), entry.status().name(), Timestamp.from(entry.startedAt()),
                Timestamp.from(entry.finishedAt()), entry.rowsRead(), entry.rowsWritten(), entry.rowsQuarantined(),
                entry.filesRead(), entry.filesQuarantined(), entry.message(),
                entry.qualityScore().isPresent() ? entry.qualityScore().getAsDouble() : null)).toList();
        DeltaTables.append(spark.createDataFrame(rows, SCHEMA), table, List.of());
    }
}
