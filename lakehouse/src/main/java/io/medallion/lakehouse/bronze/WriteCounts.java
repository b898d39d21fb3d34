package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;

import io.medallion.lakehouse.concurrent.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a write's rows while it runs (Spark's observed metrics): all of them, and for quarantine
 * the rows that failed each rule the batch's rows and files could fail, so the counts cost no read
 * of the commit afterwards. Reading the quarantine table back for its rule counts took about 0.45 s
 * of a 2.8 s incremental batch, as much as the write itself; reading a commit's row count from the
 * table's history costs a Spark job per write.
 *
 * <p>Spark hands observed metrics over through its listener bus, which drops events when it falls
 * far behind; a dropped one would leave the wait for them hanging. So the wait is bounded, and
 * after it the counts are read back from the commit after all.
 *
 * <p>The counts are exact where the rows are counted in the write's own stage, as bronze's are (no
 * shuffle between the scan and the write). Counted below a shuffle, a stage that Spark re-runs after
 * losing its output would be counted twice, as any accumulator in a transformation can be.
 */
final class WriteCounts {
    private static final Logger LOG = LoggerFactory.getLogger(WriteCounts.class);
    /** How long the metrics may take to arrive after the write: normally well under a millisecond. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    private static final String ROWS = "rows";

    private final String description;
    private final List<String> ruleIds;
    private final Duration wait;
    private final Observation observation = new Observation();
    private Optional<Map<String, ?>> observed;

    /**
     * @param description what is written, for the warning when the counts do not arrive, e.g. {@code the quarantine write}
     * @param ruleIds every rule id a row written can carry in {@code _failed_rules}; none for rows that carry no failures
     * @param wait how long to wait for the metrics after the write before reading the counts back
     */
    WriteCounts(String description, Collection<String> ruleIds, Duration wait) {
        this.description = description;
        this.ruleIds = List.copyOf(new LinkedHashSet<>(ruleIds));
        this.wait = wait;
    }

    /** {@code rows} counted, and counted by rule id, as they are written. */
    Dataset<Row> countWhileWriting(Dataset<Row> rows) {
        List<Column> counts = new ArrayList<>();
        for (int i = 0; i < ruleIds.size(); i++) {
            // Indexes, not the ids, name the metrics: an id holds dots, which a metric name would take as a path.
            counts.add(count_if(array_contains(col(MetadataColumns.FAILED_RULES), ruleIds.get(i))).as(metric(i)));
        }
        return rows.observe(observation, count(lit(1)).as(ROWS), counts.toArray(Column[]::new));
    }

    /** After the write: the rows it wrote; from {@code readBack} when its metrics do not arrive within the wait. */
    long rows(LongSupplier readBack) {
        return observed().map(metrics -> ((Number) metrics.get(ROWS)).longValue()).orElseGet(readBack::getAsLong);
    }

    /**
     * After the write: the rows written per rule id, leaving out the rules no row failed; from
     * {@code readBack} when the write's metrics do not arrive within the wait.
     */
    Map<String, Long> byRule(Supplier<Map<String, Long>> readBack) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (ruleIds.isEmpty()) {
            return counts;
        }
        Optional<Map<String, ?>> metrics = observed();
        if (metrics.isEmpty()) {
            return readBack.get();
        }
        for (int i = 0; i < ruleIds.size(); i++) {
            long count = ((Number) metrics.get().get(metric(i))).longValue();
            if (count > 0) {
                counts.put(ruleIds.get(i), count);
            }
        }
        return counts;
    }

    /** The write's metrics, or empty when they did not arrive within the wait (Spark's own wait for them has no limit); waited for once. */
    private synchronized Optional<Map<String, ?>> observed() {
        if (observed == null) {
            observed = await();
        }
        return observed;
    }

    private Optional<Map<String, ?>> await() {
        FutureTask<Map<String, ?>> metrics = new FutureTask<>(observation::getAsJava);
        Thread waiting = Tasks.daemonThreads("medallion-write-counts").newThread(metrics);
        waiting.start();
        try {
            Optional<Map<String, ?>> arrived = Tasks.awaitAtMost(metrics, wait, "reading the counts of " + description);
            if (arrived.isEmpty()) {
                LOG.warn("Spark did not hand over the counts of {} within {} s; reading them back from the commit", description, wait.toMillis() / 1000.0);
            }
            return arrived;
        } finally {
            waiting.interrupt(); // ends Spark's wait when it is still waiting
        }
    }

    private static String metric(int index) {
        return "rule_" + index;
    }
}
