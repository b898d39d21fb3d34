package io.medallion.lakehouse.delta;

import static org.apache.spark.sql.functions.col;

import io.medallion.lakehouse.layout.TableRef;
import java.util.Optional;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Delta table's versions, as a downstream table reads them: its current version, its rows as of an
 * earlier version, and the rows its commits since then added (its change data feed, which this
 * switches on when the table does not record it yet).
 */
public final class DeltaVersions {
    private static final String CHANGE_FEED = "delta.enableChangeDataFeed";

    private DeltaVersions() {}

    public static long current(SparkSession spark, TableRef table) {
        return DeltaLogReads.currentVersion(spark, table)
                .orElseGet(() -> DeltaTables.forTable(spark, table).history(1).select("version").head().getLong(0));
    }

    /** The table's rows as of {@code version} (time travel). */
    public static Dataset<Row> asOf(SparkSession spark, TableRef table, long version) {
        return load(reader(spark).option("versionAsOf", version), table);
    }

    /**
     * The bytes of the table's data files as of {@code version}, read from its log without a Spark job;
     * empty when the log cannot tell (a catalog table, or a commit written without Delta's checksum file).
     */
    public static Optional<Long> bytesAsOf(SparkSession spark, TableRef table, long version) {
        return DeltaLogReads.tableBytes(spark, table, version);
    }

    /**
     * The rows the commits after {@code afterVersion} up to {@code toVersion} inserted, with the
     * table's columns only. Rows a commit deleted (a backfill replacing a date's rows deletes and
     * re-inserts them) are not among them: {@link #removedRowsBetween} tells whether there were any.
     */
    public static Dataset<Row> insertedBetween(SparkSession spark, TableRef table, long afterVersion, long toVersion) {
        Dataset<Row> changes = changesBetween(spark, table, afterVersion, toVersion);
        return changes.where(changes.col("_change_type").isin("insert", "update_postimage"))
                .drop("_change_type", "_commit_version", "_commit_timestamp");
    }

    /**
     * Whether a commit after {@code afterVersion} up to {@code toVersion} removed or replaced rows (a
     * backfill, a reloaded file, a delete), which {@link #insertedBetween} does not show: read from the
     * log on the driver for a path table, from the change feed for a catalog table.
     */
    public static boolean removedRowsBetween(SparkSession spark, TableRef table, long afterVersion, long toVersion) {
        return DeltaLogReads.removedRows(spark, table, afterVersion, toVersion).orElseGet(() -> {
            Dataset<Row> changes = changesBetween(spark, table, afterVersion, toVersion);
            return !changes.where(changes.col("_change_type").isin("delete", "update_preimage")).isEmpty();
        });
    }

    private static Dataset<Row> changesBetween(SparkSession spark, TableRef table, long afterVersion, long toVersion) {
        return load(reader(spark).option("readChangeFeed", "true").option("startingVersion", afterVersion + 1).option("endingVersion", toVersion), table);
    }

    /**
     * Makes the table record its change data feed from its next commit on, and returns the version
     * from which the feed is complete: the current one when the feed was already on, else the
     * version of the commit that switched it on.
     */
    public static long recordChanges(SparkSession spark, TableRef table) {
        // SHOW TBLPROPERTIES reads the table's metadata alone. DESCRIBE DETAIL also counts the table's
        // files, which rebuilds its state from the whole log: for a bronze source, read on every silver
        // load, a cost that grows with each batch.
        // In turn: two silver tables of one bronze table, loading side by side, would both find the feed
        // off, and the second switch-on would fail on the first's metadata change.
        return DeltaTables.inTurn(table, () -> {
            String name = DeltaTables.sqlName(table);
            boolean recorded = spark.sql("SHOW TBLPROPERTIES " + name).where(col("key").equalTo(CHANGE_FEED))
                    .select("value").collectAsList().stream().anyMatch(row -> "true".equalsIgnoreCase(row.getString(0)));
            if (!recorded) {
                spark.sql("ALTER TABLE " + name + " SET TBLPROPERTIES (" + CHANGE_FEED + " = true)");
            }
            return current(spark, table);
        });
    }

    private static DataFrameReader reader(SparkSession spark) {
        return spark.read().format("delta");
    }

    private static Dataset<Row> load(DataFrameReader reader, TableRef table) {
        return table.catalogName().isPresent() ? reader.table(table.catalogName().get()) : reader.load(table.path());
    }
}
