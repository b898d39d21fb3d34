package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;

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
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a batch's quarantined rows by rule id while the quarantine write runs (Spark's observed
 * metrics: one count per rule the batch's rows and files could fail), so the counts cost no read of
 * the commit afterwards. Reading the quarantine table back for them took about 0.45 s of a 2.8 s
 * incremental batch, as much as the write itself.
 *
 * <p>Spark hands observed metrics over through its listener bus, which drops events when it falls
 * far behind; a dropped one would leave the wait for them hanging. So the wait is bounded, and
 * after it the counts are read back from the commit after all.
 */
final class QuarantineRuleCounts {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineRuleCounts.class);
    /** How long the metrics may take to arrive after the write: normally well under a millisecond. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final List<String> ruleIds;
    private final Duration wait;
    private final Observation observation = new Observation();

    /**
     * @param ruleIds every rule id a quarantined row of the batch can carry in {@code _failed_rules}
     * @param wait how long to wait for the metrics after the write before reading the counts back
     */
    QuarantineRuleCounts(Collection<String> ruleIds, Duration wait) {
        this.ruleIds = List.copyOf(new LinkedHashSet<>(ruleIds));
        this.wait = wait;
    }

    /** {@code rows}, which carry {@code _failed_rules}, counted by rule id as they are written. */
    Dataset<Row> countWhileWriting(Dataset<Row> rows) {
        if (ruleIds.isEmpty()) {
            return rows; // no rule can fail, so no row is quarantined; Spark observes at least one metric
        }
        List<Column> counts = new ArrayList<>();
        for (int i = 0; i < ruleIds.size(); i++) {
            // Indexes, not the ids, name the metrics: an id holds dots, which a metric name would take as a path.
            counts.add(count_if(array_contains(col(MetadataColumns.FAILED_RULES), ruleIds.get(i))).as(metric(i)));
        }
        return rows.observe(observation, counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new));
    }

    /**
     * After the write: the rows quarantined per rule id, leaving out the rules no row failed; from
     * {@code readBack} when the write's metrics do not arrive within the wait.
     */
    Map<String, Long> counts(Supplier<Map<String, Long>> readBack) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (ruleIds.isEmpty()) {
            return counts;
        }
        Optional<Map<String, ?>> observed = observed();
        if (observed.isEmpty()) {
            return readBack.get();
        }
        for (int i = 0; i < ruleIds.size(); i++) {
            long count = ((Number) observed.get().get(metric(i))).longValue();
            if (count > 0) {
                counts.put(ruleIds.get(i), count);
            }
        }
        return counts;
    }

    /** The write's metrics, or empty when they did not arrive within the wait (Spark's own wait for them has no limit). */
    private Optional<Map<String, ?>> observed() {
        FutureTask<Map<String, ?>> metrics = new FutureTask<>(observation::getAsJava);
        Thread waiting = Tasks.daemonThreads("medallion-quarantine-rule-counts").newThread(metrics);
        waiting.start();
        try {
            Optional<Map<String, ?>> observed = Tasks.awaitAtMost(metrics, wait, "reading the quarantine write's rule counts");
            if (observed.isEmpty()) {
                LOG.warn("Spark did not hand over the quarantine write's rule counts within {} s; reading them back from the commit", wait.toSeconds());
            }
            return observed;
        } finally {
            waiting.interrupt(); // ends Spark's wait when it is still waiting
        }
    }

    private static String metric(int index) {
        return "rule_" + index;
    }
}
