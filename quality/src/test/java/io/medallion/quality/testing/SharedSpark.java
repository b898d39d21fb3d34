package io.medallion.quality.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of a test JVM: {@code local[2]}, no UI, few shuffle partitions, Delta
 * enabled, UTC. Created on first use and left for the JVM to stop, so every test class in a module
 * shares its start-up cost (about five seconds).
 */
public final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("medallion-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
                    // A suite runs tens of thousands of small jobs on hundreds of tables. Spark's status store
                    // keeps the last 1000 SQL executions with their plans and Delta caches every table's log
                    // for an hour: with the defaults, the lakehouse suite's heap after a full GC grew to 2.5 GB and the
                    // property test thrashed in GC until Spark stopped; with these it falls back to 0.6-0.7 GB.
                    .config("spark.sql.ui.retainedExecutions", "20")
                    .config("spark.ui.retainedJobs", "50")
                    .config("spark.ui.retainedStages", "50")
                    .config("spark.ui.retainedTasks", "1000")
                    .config("spark.databricks.delta.delta.log.cacheSize", "16")
                    .getOrCreate();
        }
        return session;
    }
}
