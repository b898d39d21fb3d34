package io.medallion.lakehouse.quarantine;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.medallion.lakehouse.bronze.MetadataColumns;
import io.medallion.lakehouse.bronze.QuarantineRevalidation;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Counts a table's quarantine: rows and rejected files by rule id and batch id, each split into
 * replayed and still quarantined, plus totals. A row that failed several rules counts under each.
 * Cost: two aggregations over the quarantine table; only the counts reach the driver (one row per
 * rule and batch, and one of totals).
 */
public final class QuarantineSummary {
    private final SparkSession spark;
    private final LakehouseLayout layout;

    public QuarantineSummary(SparkSession spark, PipelineConfig config) {
        this.spark = spark;
        this.layout = LakehouseLayout.at(config.root());
    }

    /** The counts of one table's quarantine; empty counts when it has none yet. */
    public Counts execute(TableConfig table) {
        TableRef quarantine = layout.quarantine(table);
        if (!DeltaTables.exists(spark, quarantine)) {
            return new Counts(table.qualifiedName(), quarantine.catalogName().orElse(quarantine.path()), false, List.of(), 0, 0, 0, 0);
        }
        Dataset<Row> rows = DeltaTables.read(spark, quarantine);
        List<String> columns = Arrays.asList(rows.columns());
        // A quarantine no replay has touched has no replay columns: all of it is still quarantined.
        Column replayed = columns.contains(QuarantineReplay.REPLAYED_AT) ? col(QuarantineReplay.REPLAYED_AT).isNotNull() : lit(false);
        Dataset<Row> marked = rows.select(col(MetadataColumns.FAILED_RULES), col(MetadataColumns.BATCH_ID),
                when(replayed, 1).otherwise(0).as("replayed"),
                when(QuarantineRevalidation.of(table).isFileRejection(), 1).otherwise(0).as("file"));
        List<RuleBatchCount> byRule = marked.select(explode(col(MetadataColumns.FAILED_RULES)).as("rule_id"), col(MetadataColumns.BATCH_ID),
                        col("replayed"))
                .groupBy("rule_id", MetadataColumns.BATCH_ID)
                .agg(sum(lit(1).minus(col("replayed"))).as("quarantined"), sum(col("replayed")).as("replayed"))
                .orderBy("rule_id", MetadataColumns.BATCH_ID)
                .collectAsList().stream()
                .map(r -> new RuleBatchCount(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3))).toList();
        Row totals = marked.agg(
                count(lit(1)),
                sum(when(col("file").equalTo(0).and(col("replayed").equalTo(0)), 1).otherwise(0)),
                sum(when(col("file").equalTo(0).and(col("replayed").equalTo(1)), 1).otherwise(0)),
                sum(col("file"))).head();
        long total = totals.getLong(0);
        return new Counts(table.qualifiedName(), quarantine.catalogName().orElse(quarantine.path()), true, byRule,
                total == 0 ? 0 : totals.getLong(1), total == 0 ? 0 : totals.getLong(2), total == 0 ? 0 : totals.getLong(3), total);
    }

    /** Quarantined rows (or files) that failed one rule in one batch. */
    public record RuleBatchCount(String ruleId, String batchId, long stillQuarantined, long replayed) {
        public RuleBatchCount {
            requireNonNull(ruleId, "ruleId is null");
            requireNonNull(batchId, "batchId is null");
        }
    }

    /**
     * A table's quarantine in numbers. {@code rowsQuarantined} and {@code rowsReplayed} count rows
     * (each once, whatever it failed), {@code filesRejected} whole files; {@code entries} is all three.
     */
    public record Counts(String table, String location, boolean exists, List<RuleBatchCount> byRuleAndBatch, long rowsQuarantined,
            long rowsReplayed, long filesRejected, long entries) {
        public Counts {
            requireNonNull(table, "table is null");
            requireNonNull(location, "location is null");
            byRuleAndBatch = List.copyOf(byRuleAndBatch);
        }
    }
}
