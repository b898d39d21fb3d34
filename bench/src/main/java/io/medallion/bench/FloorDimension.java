package io.medallion.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.delta.tables.DeltaTable;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The SCD2 floor: the textbook hand-written Delta SCD2 a Spark user would write, for changes that
 * arrive in order, one per key, changing tracked columns only. It is what Medallion's merge costs
 * without late events, deletes, duplicates, untracked in-place updates or null-safe keys: the least
 * an SCD2 merge on Spark and Delta can cost.
 */
final class FloorDimension {
    private static final String KEY = DimensionMergeRun.KEY;
    private static final String SEQUENCE = DimensionMergeRun.SEQUENCE;

    private final SparkSession spark;

    FloorDimension(SparkSession spark) {
        this.spark = spark;
    }

    void build(Dataset<Row> customers, String path) {
        customers.withColumn("effective_from", col(SEQUENCE)).withColumn("effective_to", lit(null).cast("timestamp"))
                .withColumn("is_current", lit(true)).withColumn("version", lit(1))
                .write().format("delta").mode("overwrite").save(path);
        // As Medallion's silver tables: a merge touching few rows marks them deleted instead of rewriting their files.
        spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (delta.enableDeletionVectors = true)");
    }

    /** The changed rows close their key's current version and open the next one, in one MERGE. */
    long merge(Dataset<Row> changes, String path) {
        DeltaTable table = DeltaTable.forPath(spark, path);
        Dataset<Row> current = table.toDF().where(col("is_current")).select(col(KEY).as("held_key"), col("city").as("held_city"),
                col("tier").as("held_tier"), col("version").as("held_version"));
        Dataset<Row> changed = changes.join(current, changes.col(KEY).equalTo(current.col("held_key")))
                .where(col("city").eqNullSafe(col("held_city")).and(col("tier").eqNullSafe(col("held_tier"))).unary_$bang())
                .withColumn("version", col("held_version").plus(1)).drop("held_key", "held_city", "held_tier", "held_version");
        // Each change twice: once keyed to close the current version, once with no key to be inserted.
        Dataset<Row> staged = changed.withColumn("merge_key", col(KEY)).unionByName(changed.withColumn("merge_key", lit(null).cast("string")));
        table.as("t").merge(staged.as("s"), "t." + KEY + " = s.merge_key AND t.is_current")
                .whenMatched().updateExpr(Map.of("is_current", "false", "effective_to", "s." + SEQUENCE))
                .whenNotMatched().insertExpr(Map.of(KEY, "s." + KEY, "name", "s.name", "city", "s.city", "tier", "s.tier", "phone", "s.phone",
                        SEQUENCE, "s." + SEQUENCE, "effective_from", "s." + SEQUENCE, "effective_to", "CAST(NULL AS TIMESTAMP)",
                        "is_current", "true", "version", "s.version"))
                .execute();
        return Long.parseLong(table.history(1).select("operationMetrics").head().<String, String>getJavaMap(0)
                .getOrDefault("numTargetRowsInserted", "0"));
    }

    /** The dimension from all days: a version where a tracked column differs from the key's previous row. */
    long rebuild(Dataset<Row> allDays, String path) {
        WindowSpec byKey = Window.partitionBy(KEY).orderBy(SEQUENCE);
        Column opens = lag(col("city"), 1).over(byKey).isNull()
                .or(lag(col("city"), 1).over(byKey).notEqual(col("city")))
                .or(lag(col("tier"), 1).over(byKey).notEqual(col("tier")));
        Dataset<Row> versions = allDays.withColumn("opens", opens).where(col("opens")).drop("opens")
                .withColumn("effective_from", col(SEQUENCE))
                .withColumn("effective_to", lead(col(SEQUENCE), 1).over(byKey))
                .withColumn("version", row_number().over(byKey))
                .withColumn("is_current", col("effective_to").isNull());
        versions.write().format("delta").mode("overwrite").save(path);
        return spark.read().format("delta").load(path).count();
    }
}
