package io.medallion.lakehouse.system;

import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.gate.CheckOutcome;
import io.medallion.quality.gate.GateResult;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The quality results table, a Delta table at {@code _system/quality_results}: one row per check
 * outcome per batch, whether the batch was committed or kept out by a failed error-level check.
 * Query it to follow a check's measured value over runs, or to see why a batch was blocked.
 * Cost: one small append per run's layer ({@code RunRecords} collects the layer's batches' rows).
 */
public final class QualityResults {
    static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("batch_id", DataTypes.StringType, false)
            .add("table", DataTypes.StringType, false)
            .add("layer", DataTypes.StringType, false)
            .add("ingest_date", DataTypes.DateType, false)
            .add("check_id", DataTypes.StringType, false)
            .add("type", DataTypes.StringType, false)
            .add("level", DataTypes.StringType, false)
            .add("target", DataTypes.StringType, false)
            .add("metric", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, true)
            .add("measured", DataTypes.StringType, false)
            .add("threshold", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("message", DataTypes.StringType, false)
            .add("committed", DataTypes.BooleanType, false)
            .add("recorded_at", DataTypes.TimestampType, false);

    private final SparkSession spark;
    private final TableRef table;

    public QualityResults(SparkSession spark, LakehouseLayout layout) {
        this.spark = spark;
        this.table = TableRef.atPath(layout.system("quality_results"));
    }

    public TableRef table() {
        return table;
    }

    /**
     * The rows of one batch of {@code <layer>.<tableName>}: one per check outcome, none without checks.
     * The batch counts as committed unless an error-level check failed ({@link GateResult#blocksCommit()}).
     */
    public static List<Row> rows(BatchContext batch, String layer, String tableName, GateResult quality) {
        Timestamp recordedAt = Timestamp.from(Instant.now());
        boolean committed = !quality.blocksCommit();
        List<Row> rows = new ArrayList<>();
        for (CheckOutcome outcome : quality.outcomes()) {
            rows.add(RowFactory.create(batch.runId(), batch.batchId(tableName), layer + "." + tableName, layer, Date.valueOf(batch.ingestDate()),
                    outcome.checkId(), outcome.type(), outcome.level().key(), outcome.target(), outcome.metric(), outcome.value().orElse(null),
                    outcome.measured(), outcome.threshold(), outcome.status().name(), outcome.message(), committed, recordedAt));
        }
        return rows;
    }

    /** Appends rows from {@link #rows}, of any number of batches, in one commit (none when there are none). */
    public void append(List<Row> rows) {
        if (!rows.isEmpty()) {
            DeltaTables.append(spark.createDataFrame(rows, SCHEMA), table, List.of());
        }
    }
}
