package io.medallion.lakehouse.silver;

import io.medallion.lakehouse.config.SilverTableConfig;
import io.medallion.lakehouse.delta.DeltaVersions;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.spark.WholeNumberSetting;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a silver batch is cheaper to take in by rebuilding its table from all of bronze than by a
 * merge. A merge's cost is mostly fixed while its batch is small: it reads the table's history for late
 * events and deletes, the table's rows for the batch's keys, and commits a MERGE, each a query of its
 * own (on local[2], a customer dimension's daily snapshot of 50,463 events merged in 12 s, where the
 * rebuild from the 148,793 events before it had taken 3 s). A rebuild reads all of bronze once, so its
 * cost grows with every batch. A batch is therefore rebuilt while the bytes its bronze sources held
 * before it are at most {@value #RATIO_KEY} (default {@value #DEFAULT_RATIO}, 0 always merges) times
 * the bytes it adds: a table fed daily snapshots is rebuilt for its first days and merged after; a
 * table that takes a small share a day is merged from its second batch on. Only where the rebuild
 * gives what the merge would ({@link #rebuildMatchesMerge}; {@link SilverMerge#replace} leaves a few
 * more cases to the merge).
 */
final class RebuildOrMerge {
    static final String RATIO_KEY = "spark.medallion.silver.rebuildMaxHistoryRatio";
    static final long DEFAULT_RATIO = 4;

    private static final Logger LOG = LoggerFactory.getLogger(RebuildOrMerge.class);

    private RebuildOrMerge() {}

    /** How a batch is taken in. */
    enum Way {
        /** A first load or a full refresh: the table from all of bronze ({@link SilverMerge#rebuild}). */
        REBUILD("rebuild"),
        /** The table from the batch and its history, reported as a merge would be ({@link SilverMerge#replace}). */
        REBUILD_WITH_BATCH("rebuild of a batch"),
        /** {@link SilverMerge#apply}. */
        MERGE("merge");

        private final String progressReason;

        Way(String progressReason) {
            this.progressReason = progressReason;
        }

        /** What the table's progress records of the batch. */
        String progressReason() {
            return progressReason;
        }
    }

    /**
     * How to take in the batch from {@code readBefore} to {@code readUpTo}, logged with the reason.
     *
     * @param fromNothing a first load or a full refresh
     */
    static Way choose(SparkSession spark, SilverTableConfig table, boolean fromNothing, Map<String, TableRef> sources,
            Map<String, Long> readBefore, Map<String, Long> readUpTo) {
        if (fromNothing) {
            LOG.info("Silver {}: rebuilding from bronze versions {} to {}", table.qualifiedName(), readBefore, readUpTo);
            return Way.REBUILD;
        }
        Optional<Sizes> sizes = rebuildMatchesMerge(table, readBefore, sources) ? sizes(spark, sources, readBefore, readUpTo) : Optional.empty();
        if (sizes.isPresent() && rebuilds(spark, sizes.get())) {
            LOG.info("Silver {}: rebuilding with bronze versions {} to {}, cheaper than a merge: {}", table.qualifiedName(), readBefore, readUpTo,
                    reason(spark, sizes.get()));
            return Way.REBUILD_WITH_BATCH;
        }
        LOG.info("Silver {}: merging from bronze versions {} to {}", table.qualifiedName(), readBefore, readUpTo);
        return Way.MERGE;
    }

    /**
     * The bytes of a table's bronze sources before a batch and the bytes the batch adds, from their logs.
     */
    record Sizes(long before, long added) {}

    /**
     * @return the sizes, or empty when a source's log cannot tell them (a catalog table, a commit without
     *     Delta's checksum file): then the batch is merged
     */
    static Optional<Sizes> sizes(SparkSession spark, Map<String, TableRef> sources, Map<String, Long> readBefore, Map<String, Long> readUpTo) {
        long before = 0;
        long added = 0;
        for (Map.Entry<String, TableRef> source : sources.entrySet()) {
            Optional<Long> now = DeltaVersions.bytesAsOf(spark, source.getValue(), readUpTo.get(source.getKey()));
            Optional<Long> then = readBefore.containsKey(source.getKey())
                    ? DeltaVersions.bytesAsOf(spark, source.getValue(), readBefore.get(source.getKey()))
                    : Optional.of(0L);
            if (now.isEmpty() || then.isEmpty()) {
                return Optional.empty();
            }
            before += then.get();
            // A rerun that replaced a batch's rows adds no bytes; nor, for this choice, does a source that shrank.
            added += Math.max(0, now.get() - then.get());
        }
        return Optional.of(new Sizes(before, added));
    }

    /**
     * Whether a rebuild gives the table what a merge of the batch would. It recomputes every key from
     * bronze as it is now, where a merge leaves the keys outside the batch as they are: so not for a
     * table with point-in-time lookups (a merge keeps each row's version as looked up when it was
     * loaded, a rebuild would look every row up again), nor one that no longer reads a source it read
     * before (a rebuild would drop what that source gave it).
     */
    static boolean rebuildMatchesMerge(SilverTableConfig table, Map<String, Long> readBefore, Map<String, TableRef> sources) {
        return table.lookups().isEmpty() && sources.keySet().containsAll(readBefore.keySet());
    }

    /** Whether {@code sizes} make a rebuild the cheaper way in. */
    static boolean rebuilds(SparkSession spark, Sizes sizes) {
        long ratio = ratio(spark);
        return ratio > 0 && sizes.added() > 0 && (double) sizes.before() <= (double) ratio * sizes.added();
    }

    /** Why a batch is rebuilt, for the log. */
    static String reason(SparkSession spark, Sizes sizes) {
        return String.format(Locale.ROOT, "its bronze sources held %,d bytes before the batch, at most %d times the %,d bytes it adds (%s)",
                sizes.before(), ratio(spark), sizes.added(), RATIO_KEY);
    }

    private static long ratio(SparkSession spark) {
        return WholeNumberSetting.read(spark, RATIO_KEY, DEFAULT_RATIO, "a whole number", "always merges");
    }
}
