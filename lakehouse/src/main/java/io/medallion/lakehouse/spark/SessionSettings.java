package io.medallion.lakehouse.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark SQL settings Medallion's jobs (a run, a quarantine replay, a profile) need, set on the
 * session while one runs and put back afterwards, since the session may be the caller's (a
 * notebook's, a Databricks job's).
 */
public final class SessionSettings {
    /**
     * <ul>
     *   <li>Declared datetime formats are parsed by today's rules only: under Spark's default policy a
     *       value the old parser would read differently fails the whole query instead of its row.
     *   <li>No constraint propagation: bronze's typing and row checks put hundreds of expressions over
     *       one projection, and inferring constraints from them took Catalyst's optimizer most of the
     *       time before an incremental batch's write started (seen in driver stack samples); Medallion's
     *       plans gain nothing from the inferred filters.
     * </ul>
     */
    static final Map<String, String> SETTINGS = Map.of(
            "spark.sql.legacy.timeParserPolicy", "CORRECTED",
            "spark.sql.constraintPropagation.enabled", "false");

    /** Split input files into at least this many tasks per core (unless the session sets its own minimum). */
    static final int FILE_SPLITS_PER_CORE = 3;
    static final String MIN_FILE_SPLITS = "spark.sql.files.minPartitionNum";

    private SessionSettings() {}

    /**
     * Tuning that Medallion sets only where the session has no value of its own.
     * <ul>
     *   <li>Input files split into at least three tasks per core. Spark's default is one per core, so
     *       three daily files on two cores ran as three tasks, the last alone: the 250MB sales load
     *       spent a third of its write with one core idle. Smaller splits keep every core busy to the
     *       end (write stage 19.2 s -> 17.0 s there); files of a few MB stay whole, since Spark never
     *       splits below its open cost (4 MB).
     * </ul>
     * Public so that a benchmark can give hand-written jobs the same tuning, for a fair comparison.
     */
    public static Map<String, String> defaults(SparkSession spark) {
        return Map.of(MIN_FILE_SPLITS, Integer.toString(FILE_SPLITS_PER_CORE * spark.sparkContext().defaultParallelism()));
    }

    /** Runs {@code work} with Medallion's settings on {@code spark}'s session, then puts the session's own back. */
    public static <T> T during(SparkSession spark, Supplier<T> work) {
        RuntimeConfig conf = spark.conf();
        Map<String, String> previous = new LinkedHashMap<>();
        SETTINGS.forEach((key, value) -> {
            previous.put(key, conf.contains(key) ? conf.get(key) : null);
            conf.set(key, value);
        });
        defaults(spark).forEach((key, value) -> {
            if (!conf.contains(key)) {
                previous.put(key, null);
                conf.set(key, value);
            }
        });
        try {
            return work.get();
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    conf.unset(key);
                } else {
                    conf.set(key, value);
                }
            });
        }
    }
}
