package io.medallion.lakehouse.jdbc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import java.sql.Timestamp;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The watermarks of JDBC sources, an append-only Delta table at {@code _system/watermarks}: one row
 * per change, with the old and the new value, who made it, when, in which run and why
 * ({@code extract}, {@code state set}, {@code state reset}). A table's current watermark is its
 * latest row; a reset is a row without a value. Extract rows are written only after the bronze
 * commit, so a failed run leaves the old watermark in place.
 */
public final class WatermarkStore {
    static final StructType SCHEMA = new StructType()
            .add("table_name", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("watermark_ts", DataTypes.StringType, true)
            .add("watermark_key", DataTypes.StringType, true)
            .add("previous_ts", DataTypes.StringType, true)
            .add("previous_key", DataTypes.StringType, true)
            .add("run_id", DataTypes.StringType, false)
            .add("batch_id", DataTypes.StringType, true)
            .add("changed_at", DataTypes.TimestampType, false)
            .add("changed_by", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, false);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final TableRef table;

    public WatermarkStore(SparkSession spark, LakehouseLayout layout) {
        this.spark = spark;
        this.table = TableRef.atPath(layout.system("watermarks"));
    }

    public TableRef table() {
        return table;
    }

    /** The table's latest change, if it ever had one. */
    public Optional<WatermarkChange> latest(String tableName) {
        if (!DeltaTables.exists(spark, table)) {
            return Optional.empty();
        }
        // One row reaches the driver.
        List<Row> rows = DeltaTables.read(spark, table).filter(col("table_name").equalTo(lit(tableName)))
                .orderBy(desc("changed_at")).limit(1).collectAsList();
        return rows.stream().findFirst().map(WatermarkStore::change);
    }

    /** Where the table's next extract starts: empty when it never ran or was reset. */
    public Optional<Watermark> current(String tableName) {
        return latest(tableName).flatMap(WatermarkChange::watermark);
    }

    public void record(WatermarkChange change) {
        Row row = RowFactory.create(change.tableName(), change.source(),
                change.watermark().map(w -> w.timestamp().toString()).orElse(null), change.watermark().map(w -> keysText(w.keys())).orElse(null),
                change.previous().map(w -> w.timestamp().toString()).orElse(null), change.previous().map(w -> keysText(w.keys())).orElse(null),
                change.runId(), change.batchId().orElse(null), Timestamp.from(change.changedAt()), change.changedBy(), change.reason());
        DeltaTables.append(spark.createDataFrame(List.of(row), SCHEMA), table, List.of());
    }

    private static WatermarkChange change(Row row) {
        return new WatermarkChange(row.getAs("table_name"), row.getAs("source"),
                watermark(row.getAs("watermark_ts"), row.getAs("watermark_key")),
                watermark(row.getAs("previous_ts"), row.getAs("previous_key")),
                row.getAs("run_id"), Optional.ofNullable(row.<String>getAs("batch_id")),
                row.<Timestamp>getAs("changed_at").toInstant(), row.getAs("changed_by"), row.getAs("reason"));
    }

    private static Optional<Watermark> watermark(String timestamp, String keys) {
        if (timestamp == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Watermark(LocalDateTime.parse(timestamp), JSON.readValue(keys, new TypeReference<List<String>>() {})));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the watermark table holds keys that are not a JSON list: " + keys, e);
        }
    }

    private static String keysText(List<String> keys) {
        try {
            return JSON.writeValueAsString(keys);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    /** Who changes state: {@code MEDALLION_USER} when set (a scheduler's service name), else the OS user. */
    public static String currentUser(java.util.Map<String, String> environment) {
        String user = environment.get("MEDALLION_USER");
        return user != null && !user.isBlank() ? user : System.getProperty("user.name", "unknown");
    }
}
