package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * How far each silver table has read each of its bronze tables: an append-only Delta table at
 * {@code _system/silver_progress}, one row per silver batch per source with the bronze version the
 * batch read up to. A row is written after the silver MERGE commits; should a run stop between the
 * two, the next run applies the same bronze rows again, which changes nothing (a silver table is a
 * function of the set of its events).
 */
public final class SilverProgress {
    static final StructType SCHEMA = new StructType()
            .add("silver_table", DataTypes.StringType, false)
            .add("bronze_table", DataTypes.StringType, false)
            .add("bronze_version", DataTypes.LongType, false)
            .add("run_id", DataTypes.StringType, false)
            .add("recorded_at", DataTypes.TimestampType, false)
            .add("reason", DataTypes.StringType, false);

    private final SparkSession spark;
    private final TableRef table;

    public SilverProgress(SparkSession spark, LakehouseLayout layout) {
        this.spark = spark;
        this.table = TableRef.atPath(layout.system("silver_progress"));
    }

    /** The bronze version each source was read up to, by bronze table name; absent for a source never read (or reset). */
    public Map<String, Long> readUpTo(String silverTable) {
        Map<String, Long> versions = new HashMap<>();
        if (!DeltaTables.exists(spark, table)) {
            return versions;
        }
        // One row per source reaches the driver: the latest one (a reset writes -1).
        List<Row> rows = DeltaTables.read(spark, table).where(col("silver_table").equalTo(lit(silverTable)))
                .groupBy("bronze_table").agg(max(org.apache.spark.sql.functions.struct(col("recorded_at"), col("bronze_version"))).as("latest"))
                .select(col("bronze_table"), col("latest.bronze_version")).collectAsList();
        rows.forEach(row -> {
            if (row.getLong(1) >= 0) {
                versions.put(row.getString(0), row.getLong(1));
            }
        });
        return versions;
    }

    public void record(String silverTable, Map<String, Long> bronzeVersions, String runId, String reason) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = bronzeVersions.entrySet().stream()
                .map(e -> RowFactory.create(silverTable, e.getKey(), e.getValue(), runId, now, reason)).toList();
        DeltaTables.append(spark.createDataFrame(rows, SCHEMA), table, List.of());
    }
}
