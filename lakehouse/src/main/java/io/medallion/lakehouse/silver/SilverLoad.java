package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.SilverTableConfig;
import io.medallion.lakehouse.config.SilverTableConfig.PointInTimeLookup;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.delta.DeltaVersions;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.quality.QualityGates;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.quality.gate.BatchFacts;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.gate.GateResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one silver table from what its bronze tables committed since it last read them: their
 * change data feed from the version it read up to ({@link SilverProgress}), as one batch and one
 * MERGE. Its first load, and a full refresh, build it from all of bronze instead, which gives the
 * same table: bronze keeps every batch, and a silver table is a function of the set of its events.
 * So does a batch that is a large share of all its table's bronze rows ({@link RebuildOrMerge}), for
 * which a rebuild costs less than a merge; it is reported as a merge would report it. After bronze
 * removed or replaced rows (a backfill, a reloaded file), which its change feed's inserts do not show,
 * the table is rebuilt from all of bronze too.
 * Rows that cannot be events go to the table's quarantine with the rule they failed.
 */
public final class SilverLoad {
    private static final Logger LOG = LoggerFactory.getLogger(SilverLoad.class);

    private final SparkSession spark;
    private final PipelineConfig config;
    private final LakehouseLayout layout;
    private final SilverProgress progress;

    public SilverLoad(SparkSession spark, PipelineConfig config, LakehouseLayout layout) {
        this.spark = spark;
        this.config = config;
        this.layout = layout;
        this.progress = new SilverProgress(spark, layout);
    }

    /** Where a silver table lives. */
    public TableRef target(SilverTableConfig table) {
        return new TableRef(layout.table(Layer.SILVER, table.name()).path(), table.catalogName());
    }

    public SilverResult execute(SilverTableConfig table, BatchContext batch, boolean fullRefresh) {
        TableRef target = target(table);
        boolean fromNothing = fullRefresh || !DeltaTables.exists(spark, target);
        Map<String, Long> progressed = fromNothing ? Map.of() : progress.readUpTo(table.name());
        Map<String, TableRef> sources = existingSources(table);
        Map<String, Long> readUpTo = new LinkedHashMap<>();
        sources.forEach((name, ref) -> readUpTo.put(name, DeltaVersions.recordChanges(spark, ref)));
        if (sources.isEmpty() || readUpTo.equals(progressed)) {
            LOG.info("Silver {}: no bronze commits since bronze versions {}", table.qualifiedName(), progressed);
            return new SilverResult(table.qualifiedName(), table.load(), readUpTo, MergeResult.NOTHING, 0, Map.of(), false, GateResult.NO_CHECKS);
        }
        // Rows bronze removed or replaced since (a backfill, a reloaded file) are not in its change feed's inserts, and
        // a merge would keep what they made: the table is rebuilt from all of bronze, as a full refresh would.
        Optional<String> replaced = fromNothing ? Optional.empty() : sourceThatRemovedRows(sources, progressed, readUpTo);
        replaced.ifPresent(name -> LOG.info("Silver {}: bronze {} removed or replaced rows since version {} (a backfill or a reloaded file); "
                + "rebuilding from all of bronze", table.qualifiedName(), name, progressed.get(name)));
        boolean rebuild = fromNothing || replaced.isPresent();
        Map<String, Long> readBefore = rebuild ? Map.of() : progressed;
        Map<String, StructType> schemas = new LinkedHashMap<>();
        sources.forEach((name, ref) -> schemas.put(name, DeltaTables.read(spark, ref).schema()));
        SilverEvents events = SilverEvents.resolve(table, schemas, PointInTimeLookups.columns(table.lookups(), this::versionsOf));
        Set<String> lookupColumns = table.lookups().stream().map(PointInTimeLookup::as).collect(Collectors.toSet());

        List<Dataset<Row>> newRows = new ArrayList<>();
        List<Dataset<Row>> earlierRows = new ArrayList<>();
        sources.forEach((name, ref) -> {
            Optional<Long> before = Optional.ofNullable(readBefore.get(name));
            if (before.isEmpty()) {
                newRows.add(events.project(name, DeltaVersions.asOf(spark, ref, readUpTo.get(name)), lookupColumns));
            } else if (before.get() < readUpTo.get(name)) {
                newRows.add(events.project(name, DeltaVersions.insertedBetween(spark, ref, before.get(), readUpTo.get(name)), lookupColumns));
            }
            before.ifPresent(version -> earlierRows.add(events.project(name, DeltaVersions.asOf(spark, ref, version), lookupColumns)));
        });
        if (newRows.isEmpty()) {
            return new SilverResult(table.qualifiedName(), table.load(), readUpTo, MergeResult.NOTHING, 0, Map.of(), false, GateResult.NO_CHECKS);
        }
        Dataset<Row> projected = union(newRows);
        // Cached: the lookup counts, the checks and the merge each read the batch with its lookups.
        Dataset<Row> batchEvents = withLookups(table, events.valid(projected, lookupColumns)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> history = earlierRows.isEmpty() ? batchEvents.limit(0) : withLookups(table, events.valid(union(earlierRows), lookupColumns));
            Map<String, Long> unmatched = unmatchedLookups(table, batchEvents);
            GateResult quality = check(table, batchEvents, batch);
            if (quality.blocksCommit()) {
                LOG.warn("Silver {}: not merged, failed quality checks: {}", table.qualifiedName(), quality.failures());
                // Its rejected rows are quarantined when the batch is taken in, as its events are: once.
                return new SilverResult(table.qualifiedName(), table.load(), readBefore, MergeResult.NOTHING, 0, unmatched, rebuild, quality);
            }
            SilverMerge merge = new SilverMerge(spark, events.spec());
            RebuildOrMerge.Way chosen = RebuildOrMerge.choose(spark, table, rebuild, sources, readBefore, readUpTo);
            Optional<MergeResult> rebuilt = switch (chosen) {
                case REBUILD -> Optional.of(merge.rebuild(batchEvents, target));
                case REBUILD_WITH_BATCH -> merge.replace(batchEvents, history, target);
                case MERGE -> Optional.empty();
            };
            // replace leaves some batches to the merge (a partitioned table, a commit that came between).
            RebuildOrMerge.Way way = rebuilt.isPresent() ? chosen : RebuildOrMerge.Way.MERGE;
            MergeResult result = rebuilt.orElseGet(() -> merge.apply(batchEvents, history, target));
            // After the merge, before the progress: a batch that is kept out or fails is quarantined by the run that takes it in.
            // Not cached: the quarantine's plan keeps only the rejected rows (their raw record is computed for those alone).
            long quarantined = quarantine(table, SilverEvents.rejected(projected), batch, rebuild);
            progress.record(table.name(), readUpTo, batch.runId(), way.progressReason());
            return new SilverResult(table.qualifiedName(), table.load(), readUpTo, result, quarantined, unmatched, way != RebuildOrMerge.Way.MERGE, quality);
        } finally {
            batchEvents.unpersist();
        }
    }

    /**
     * The table's checks, measured on the batch's events before the merge: an error-level failure
     * keeps the batch out (and the table's progress where it was, so the next run takes it again).
     */
    private GateResult check(SilverTableConfig table, Dataset<Row> events, BatchContext batch) {
        BatchGate gate = QualityGates.forChecks(spark, config, layout, Layer.SILVER, table.name(), table.checks());
        return gate.evaluate(events, new BatchFacts(table.qualifiedName(), Layer.SILVER.key(), batch.runId(), batch.batchId(table.name()),
                batch.ingestDate(), batch.startedAt(), OptionalLong.empty()));
    }

    private Optional<String> sourceThatRemovedRows(Map<String, TableRef> sources, Map<String, Long> progressed, Map<String, Long> readUpTo) {
        return sources.entrySet().stream()
                .filter(source -> progressed.containsKey(source.getKey()) && progressed.get(source.getKey()) < readUpTo.get(source.getKey()))
                .filter(source -> DeltaVersions.removedRowsBetween(spark, source.getValue(), progressed.get(source.getKey()), readUpTo.get(source.getKey())))
                .map(Map.Entry::getKey).findFirst();
    }

    /** The table's bronze sources that hold a table yet (a source whose first load is still to come has none). */
    private Map<String, TableRef> existingSources(SilverTableConfig table) {
        Map<String, TableRef> sources = new LinkedHashMap<>();
        for (String name : table.from()) {
            TableConfig bronze = config.table(Layer.BRONZE, name).orElseThrow();
            TableRef ref = layout.table(bronze);
            if (DeltaTables.exists(spark, ref)) {
                sources.put(name, ref);
            }
        }
        return sources;
    }

    private Dataset<Row> withLookups(SilverTableConfig table, Dataset<Row> events) {
        if (table.lookups().isEmpty()) {
            return events;
        }
        Dataset<Row> joined = PointInTimeLookups.apply(events, table.lookups(), this::versionsOf, name -> silverTable(name).keys());
        // Back in the order the merge expects: lookup columns sit among the values, before the operation.
        List<String> order = new ArrayList<>(List.of(events.columns()));
        order.remove(EventColumns.OPERATION);
        table.lookups().forEach(lookup -> order.add(lookup.as()));
        order.add(EventColumns.OPERATION);
        return joined.select(order.stream().map(name -> col(name)).toArray(org.apache.spark.sql.Column[]::new));
    }

    /** The rows of an SCD2 table a lookup reads, which loads before the tables that look it up. */
    private Dataset<Row> versionsOf(String silverTableName) {
        TableRef versions = target(silverTable(silverTableName));
        if (!DeltaTables.exists(spark, versions)) {
            throw Errors.lookupTableMissing(silverTableName, versions.path());
        }
        return DeltaTables.read(spark, versions);
    }

    /** Per lookup column, the events it found no version for: all lookups in one pass over the batch. */
    private static Map<String, Long> unmatchedLookups(SilverTableConfig table, Dataset<Row> events) {
        Map<String, Long> unmatched = new LinkedHashMap<>();
        if (table.lookups().isEmpty()) {
            return unmatched;
        }
        // A select of aggregates only is one global aggregation.
        Row counts = events.select(table.lookups().stream().map(lookup -> count(when(col(lookup.as()).isNull(), lit(1))))
                .toArray(org.apache.spark.sql.Column[]::new)).head();
        for (int i = 0; i < table.lookups().size(); i++) {
            unmatched.put(table.lookups().get(i).as(), counts.getLong(i));
        }
        return unmatched;
    }

    private SilverTableConfig silverTable(String name) {
        return config.silverTable(name).orElseThrow(() -> new IllegalStateException("no silver table " + name + "; the config loader checks lookups"));
    }

    /**
     * Keeps the batch's rejected rows in the table's quarantine. A rebuild (first load, full refresh)
     * read all of bronze, so its rejected rows replace the quarantine's; a batch adds to it.
     */
    private long quarantine(SilverTableConfig table, Dataset<Row> rejected, BatchContext batch, boolean rebuild) {
        Dataset<Row> rows = rejected.withColumn("_run_id", lit(batch.runId())).withColumn("_quarantined_at", current_timestamp());
        TableRef quarantine = layout.silverQuarantine(table.name());
        if (rebuild && DeltaTables.exists(spark, quarantine)) {
            DeltaTables.overwrite(rows, quarantine, List.of());
        } else if (rows.isEmpty()) {
            return 0;
        } else {
            DeltaTables.append(rows, quarantine, List.of());
        }
        long count = DeltaTables.lastCommitCount(spark, quarantine, "numOutputRows");
        if (count == 0) {
            LOG.info("Silver {}: no bronze row quarantined; the quarantine was emptied by the rebuild", table.qualifiedName());
            return 0;
        }
        LOG.warn("Silver {}: {} bronze rows quarantined (null key, null sequence or unknown operation) in {}", table.qualifiedName(), count,
                quarantine.path());
        return count;
    }

    private static Dataset<Row> union(List<Dataset<Row>> parts) {
        Dataset<Row> all = parts.get(0);
        for (Dataset<Row> part : parts.subList(1, parts.size())) {
            all = all.unionByName(part);
        }
        return all;
    }
}
