package io.medallion.lakehouse.spark;

import io.medallion.lakehouse.fs.NioLocalFileSystem;
import io.medallion.lakehouse.fs.NioLocalFs;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Opens the SparkSession a Medallion job runs in. On a cluster it takes the session that is there
 * ({@code getOrCreate}): Databricks and EMR configure it, and a job never stops a session it did not
 * create. It only adds Delta's extension and catalog when the launcher set none.
 */
public final class SparkSessions {
    static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
    static final String FILE_SYSTEM = "spark.hadoop.fs.file.impl";
    static final String FILE_CONTEXT_FILE_SYSTEM = "spark.hadoop.fs.AbstractFileSystem.file.impl";

    private SparkSessions() {}

    /** The cluster's session, with {@code conf} applied where the session is new. */
    public static SparkSession cluster(Map<String, String> conf) {
        SparkSession.Builder builder = SparkSession.builder();
        withDelta(builder, new SparkConf());
        conf.forEach(builder::config);
        return builder.getOrCreate();
    }

    /**
     * A session for one machine: master from {@code spark.master} if set, else {@code local[*]}; UI
     * off unless asked for; shuffle partitions sized for a laptop rather than a cluster; {@code file:}
     * paths through {@link NioLocalFileSystem}.
     */
    public static SparkSession local(Map<String, String> conf) {
        SparkConf defaults = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder()
                .appName("medallion")
                .master(defaults.get("spark.master", "local[*]"))
                .config("spark.ui.enabled", defaults.get("spark.ui.enabled", "false"))
                .config("spark.sql.shuffle.partitions", defaults.get("spark.sql.shuffle.partitions", "8"))
                .config("spark.sql.session.timeZone", defaults.get("spark.sql.session.timeZone", "UTC"))
                // Delta replays a table's log with 50 tasks by default, sized for clusters; on one
                // machine that spends seconds per small table (audit, ledger) on task overhead.
                .config("spark.databricks.delta.snapshotPartitions", defaults.get("spark.databricks.delta.snapshotPartitions", "4"))
                // Hadoop's own local file system starts a chmod or readlink process for each file it
                // creates and each log commit Delta renames into place.
                .config(FILE_SYSTEM, defaults.get(FILE_SYSTEM, NioLocalFileSystem.class.getName()))
                .config(FILE_CONTEXT_FILE_SYSTEM, defaults.get(FILE_CONTEXT_FILE_SYSTEM, NioLocalFs.class.getName()));
        withDelta(builder, defaults);
        conf.forEach(builder::config);
        return builder.getOrCreate();
    }

    private static void withDelta(SparkSession.Builder builder, SparkConf existing) {
        String extensions = existing.get("spark.sql.extensions", "");
        if (!extensions.contains(DELTA_EXTENSION)) {
            builder.config("spark.sql.extensions", extensions.isEmpty() ? DELTA_EXTENSION : extensions + "," + DELTA_EXTENSION);
        }
        if (!existing.contains("spark.sql.catalog.spark_catalog")) {
            builder.config("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
        }
    }
}
