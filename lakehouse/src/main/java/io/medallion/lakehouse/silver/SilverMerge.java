package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.delta.PendingDeltaWrite;
import io.medallion.lakehouse.layout.TableRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies batches of change events to a silver Delta table with one {@code MERGE} per batch.
 *
 * <h2>The rule every load type follows</h2>
 * A silver table is a function of the <em>set</em> of events it has been given, never of how they
 * were split into batches or in which order they arrived. So a late event, a re-delivered event, a
 * batch applied twice and a rebuild from all of bronze all give the table the same contents.
 * <ul>
 *   <li>An event is (key, sequence, operation, values). Two events equal in all four are one event:
 *       a re-delivery has no effect.
 *   <li>A key's events are applied in order of sequence. Two different events with the same key and
 *       sequence are ordered by operation (upsert before delete), then by their values column by
 *       column (nulls first; values that are not comparable by their string form), so the result never
 *       depends on arrival order.
 *   <li>Keys are compared null-safely: a null key matches only a null key (the run quarantines
 *       null-key events before the merge unless the table says {@code null_keys: match}).
 * </ul>
 *
 * <h2>Applying a key's events in order (the fold)</h2>
 * The key's state is either absent, or live with values, or (soft deletes only) deleted with the
 * values it had.
 * <ul>
 *   <li>Upsert on an absent or deleted key: the values become the event's values (a fresh start:
 *       nothing of the values before a delete comes back).
 *   <li>Upsert on a live key: {@code nulls: overwrite} takes the event's values; {@code nulls: ignore}
 *       takes each non-null value of the event and keeps the held value where the event has null.
 *   <li>Delete on a live key: hard, the key becomes absent; soft, deleted with its last values.
 *       Delete on an absent or deleted key: no change.
 * </ul>
 * The table holds the state after the last event: <b>append</b> keeps the key's first event only
 * (later events of the key are duplicates; append takes no deletes); <b>scd1</b> one row per live
 * (or soft-deleted) key with the values and the sequence of the last event applied to it;
 * <b>scd2</b> one row per version: a version opens (effective_from = the event's sequence, version
 * number n + 1) when a key becomes live, or when an upsert changes a tracked column; it closes
 * (effective_to = the event's sequence, is_current false) when the next version opens or the key is
 * deleted. An upsert that changes only untracked columns updates the open version in place. A soft
 * delete closes the open version and opens one with is_deleted true and the last values. Every row's
 * {@code sequence} column holds the sequence of the last event applied to it; closing a version sets
 * only its effective_to and is_current, so its sequence stays that of the event that opened or last
 * updated it. A delete event's values play no part beyond telling events apart and ordering them.
 *
 * <h2>How a batch is applied</h2>
 * For each key in the batch: when all its batch events are newer than anything the table holds for
 * it (its rows' sequences and effective_to, and the deletes in its history), the fold continues from
 * the held state. An event that made the key's current row (its values and sequence, updates
 * overwriting) is known from the table as given before, and dropped. Otherwise (a late or another
 * re-delivered event) the key's events given before are read from its history: an event among them is
 * dropped, and if any other is left the key is recomputed from its whole history plus the batch,
 * which places a late SCD2 event in the interval it belongs to. The new rows
 * of the batch's keys are compared with the held ones and only the differences go into one Delta
 * {@code MERGE}: inserts, updates and deletes. Rows are matched by key, and for SCD2 by key and version
 * number (two events with one sequence can open two versions with the same effective_from). A batch
 * whose differences are all inserts is appended instead, unless another commit changed the table
 * after its rows were read. A batch that changes nothing makes no commit. {@link #replace} takes a
 * batch in by rebuilding the table from the batch and its history instead, with the same result and
 * the same report; {@link RebuildOrMerge} says when that is cheaper.
 */
public final class SilverMerge {
    private static final Logger LOG = LoggerFactory.getLogger(SilverMerge.class);
    /** The greatest sequence a table holds for a key, beside the key's columns. */
    private static final String HELD_SEQUENCE = "__held_sequence";
    private static final String LATE = "__late";
    /** A key's current live row as the event that made it (values and sequence), beside the key's columns. */
    private static final String HELD_EVENT = "__held_event";
    /** Whether an event is the one its key's current live row was made by. */
    private static final String HELD = "__held";
    private static final String KEY_PREFIX = "__key_";
    /** How many times the batch holds an event. */
    private static final String COPIES = "__copies";
    /** For a rebuild that takes a batch in: how many copies of an event are the batch's (1 a row of the batch, 0 of its history). */
    private static final String IN_BATCH = "__in_batch";

    private final SparkSession spark;
    private final MergeSpec spec;

    /** @throws IllegalArgumentException for an append table that takes deletes: append keeps each key's first event, so nothing can delete it */
    public SilverMerge(SparkSession spark, MergeSpec spec) {
        if (spec.load() == LoadType.APPEND && spec.deletes().isPresent()) {
            throw new IllegalArgumentException("an append table takes no deletes; use load: scd1 or scd2 for a change feed with deletes");
        }
        this.spark = spark;
        this.spec = spec;
    }

    /**
     * Applies one batch to {@code target}, creating the table when it does not exist.
     *
     * <p>Cost: the batch is deduplicated (one shuffle) and kept in memory while it is read; the
     * target is read once for the rows of the batch's keys; {@code history} is read for the deletes
     * of the batch's keys (when the table takes deletes) and for the keys with late events; the fold
     * is one shuffle; the MERGE reads the target again and rewrites only the files holding changed
     * rows (with deletion vectors, it marks their old rows deleted instead of rewriting the files).
     * Changes that are all inserts (new keys only) are appended, without reading the target again.
     * A batch that changes nothing makes no commit.
     *
     * @param batch the new events, with the columns {@link MergeSpec} names
     * @param history every event given to the table in earlier batches (same columns); read only for
     *     the keys that need it (late events, deletes)
     */
    public MergeResult apply(Dataset<Row> batch, Dataset<Row> history, TableRef target) {
        FoldInput shape = new FoldInput(spec, batch.schema());
        createIfMissing(shape, target);
        List<Dataset<?>> cached = new ArrayList<>();
        try {
            Dataset<Row> counted = keep(cached, batch.select(eventColumns()).groupBy(eventColumns()).agg(count(lit(1)).as(COPIES)));
            // Computed before any join with the table, so that the batch's keys are broadcast when their measured size allows.
            Row size = counted.agg(count(lit(1)), KeyRange.aggregates(spec.keys(), counted.schema()).toArray(Column[]::new)).head();
            if (size.getLong(0) == 0) {
                return MergeResult.NOTHING;
            }
            KeyRange keyRange = KeyRange.from(size, 1, spec.keys(), counted.schema());
            // Before the table's rows are read: changes that are all inserts are appended only if nothing committed after this version.
            PendingDeltaWrite.ReadVersion read = PendingDeltaWrite.readVersion(spark, target);
            Dataset<Row> batchKeys = SmallSide.broadcastIfSmall(spark, keysOf(counted));
            Dataset<Row> held = keep(cached, withKeys(keyRange.within(tableRows(shape, target)), batchKeys, "left_semi"));
            Dataset<Row> flagged = keep(cached, flagHeldAndLate(counted, heldState(held, history, batchKeys)));
            // One pass counts the batch, its distinct events, those its table's current rows were made by, and those otherwise not
            // newer than the table's state of their key.
            Row totals = flagged.agg(coalesce(sum(COPIES), lit(0L)), count(lit(1)), count(when(col(HELD), lit(1))), count(when(col(LATE), lit(1))))
                    .head();
            long eventsRead = totals.getLong(0);
            long distinctEvents = totals.getLong(1);
            long heldEvents = totals.getLong(2);
            long lateEvents = totals.getLong(3);
            LOG.info("Silver {}: merging {} events ({} distinct, {} already held)", describe(target), eventsRead, distinctEvents, heldEvents);
            Dataset<Row> events = flagged.filter(not(col(HELD))).drop(COPIES, LATE, HELD);
            Dataset<Row> onTime = flagged.filter(not(col(LATE)).and(not(col(HELD)))).drop(COPIES, LATE, HELD);

            long historyDuplicates = heldEvents;
            long keysRecomputed = 0;
            Dataset<Row> newEvents = events;
            Dataset<Row> recomputed = events.limit(0);
            if (lateEvents > 0 && spec.load() != LoadType.APPEND) {
                Dataset<Row> lateCandidates = flagged.filter(col(LATE)).drop(COPIES, LATE, HELD);
                Dataset<Row> past = keep(cached, withKeys(history.select(eventColumns()), SmallSide.broadcastIfSmall(spark, keysOf(lateCandidates)),
                        "left_semi"));
                // An event the table was given before is no news: only the others make a key late.
                Dataset<Row> late = keep(cached, lateCandidates.except(past));
                Row lateTotals = late.agg(count(lit(1)), countDistinct(struct(spec.keys().stream().map(Columns::named).toArray(Column[]::new)))).head();
                historyDuplicates += lateEvents - lateTotals.getLong(0);
                lateEvents = lateTotals.getLong(0);
                keysRecomputed = lateTotals.getLong(1);
                Dataset<Row> lateKeys = keysOf(late);
                Dataset<Row> fresh = onTime.unionByName(late);
                newEvents = withKeys(fresh, lateKeys, "left_anti");
                recomputed = withKeys(fresh, lateKeys, "left_semi").unionByName(withKeys(past, lateKeys, "left_semi")).distinct();
            }

            Dataset<Row> foldInput = shape.held(held)
                    .unionByName(shape.events(newEvents, FoldInput.Kind.NEW_EVENT))
                    .unionByName(shape.events(recomputed, FoldInput.Kind.RECOMPUTED_EVENT));
            // The MERGE's commit re-plans every cached dataset whose plan reads the table (a Delta file listing each time).
            // The changes are cached under a plan that does not name it; the rest lets go before the commit.
            Dataset<Row> folded = fold(foldInput, batch.schema(), shape);
            Dataset<Row> changes = keep(cached, spark.createDataFrame(folded.javaRDD(), folded.schema()));
            Map<String, Long> actions = countActions(changes);
            long changed = actions.values().stream().mapToLong(Long::longValue).sum();
            long inserted = actions.getOrDefault(KeyFold.INSERT, 0L);
            if (changed > 0) {
                cached.stream().filter(dataset -> dataset != changes).forEach(Dataset::unpersist);
                if (inserted == changed && read.appendConflictsWithEveryLaterCommit()) {
                    insert(changes, changed, shape, target, read, keyRange);
                } else {
                    merge(changes, changed, shape, target, keyRange);
                }
            }
            long updated = actions.getOrDefault(KeyFold.UPDATE, 0L);
            MergeResult result = new MergeResult(eventsRead, duplicates(eventsRead, eventsRead - distinctEvents + historyDuplicates, inserted + updated),
                    lateEvents, keysRecomputed, inserted, updated, actions.getOrDefault(KeyFold.DELETE, 0L));
            LOG.info("Silver {}: merged {}{}", describe(target), result, changed > 0 ? "" : " (nothing changed, no commit)");
            return result;
        } finally {
            cached.forEach(Dataset::unpersist);
        }
    }

    /**
     * Replaces {@code target}'s contents with the table {@code events} give from nothing, in one
     * commit (creating the table when it does not exist). Cost: one shuffle of all events, the fold;
     * for scd1 and scd2 another before it, which drops identical events. The result counts the rows
     * written as inserted and the rows the table held before as deleted (no event is late in a
     * rebuild, so no key counts as recomputed).
     */
    public MergeResult rebuild(Dataset<Row> events, TableRef target) {
        FoldInput shape = new FoldInput(spec, events.schema());
        createIfMissing(shape, target);
        long rowsBefore = DeltaTables.read(spark, target).count();
        if (spec.load() == LoadType.APPEND) {
            // Append keeps each key's first event, which identical copies cannot change, and counts every
            // event but the kept one as a duplicate: the events are folded as they come, with no distinct pass.
            long eventsRead = events.count();
            LOG.info("Silver {}: rebuilding from {} events", describe(target), eventsRead);
            return overwriteWithFold(shape, events.select(eventColumns()), events.schema(), target, eventsRead, 0, rowsBefore);
        }
        Dataset<Row> counted = events.select(eventColumns()).groupBy(eventColumns()).agg(count(lit(1)).as(COPIES)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Row totals = counted.agg(coalesce(sum(COPIES), lit(0L)), count(lit(1))).head();
            long eventsRead = totals.getLong(0);
            long distinctEvents = totals.getLong(1);
            LOG.info("Silver {}: rebuilding from {} events ({} distinct)", describe(target), eventsRead, distinctEvents);
            return overwriteWithFold(shape, counted.drop(COPIES), events.schema(), target, eventsRead, eventsRead - distinctEvents, rowsBefore);
        } finally {
            counted.unpersist();
        }
    }

    /**
     * Takes a batch in by rebuilding {@code target} from the batch and its history, in one commit (none
     * when nothing changed), and reports it as {@link #apply} would: the batch's events, its duplicates
     * (identical to another of its events or to one given before), and the rows inserted, updated and
     * deleted against the table it replaces. No key counts as late or recomputed: every key is. Cheaper
     * than {@link #apply} when the batch is a large share of all events ({@link RebuildOrMerge}). Cost:
     * one shuffle of batch and history to tell their events apart, the fold, a join of the new rows with
     * the table's to count the differences, and the overwrite. Left to {@link #apply}: a partitioned
     * table, one with columns the spec does not name (whose values an overwrite would lose), and a batch
     * whose table another commit changed after its rows were read (the overwrite would lose that commit).
     *
     * @param batch the new events, with the columns {@link MergeSpec} names
     * @param history every event given to the table in earlier batches (same columns)
     * @return what the batch did, or empty when the table was left as it was for {@link #apply} to take
     *     the batch in
     */
    public Optional<MergeResult> replace(Dataset<Row> batch, Dataset<Row> history, TableRef target) {
        FoldInput shape = new FoldInput(spec, batch.schema());
        createIfMissing(shape, target);
        List<String> tableColumns = List.of(DeltaTables.read(spark, target).columns());
        if (!tableColumns.equals(List.of(shape.table().fieldNames())) || !spec.partitionBy().isEmpty()) {
            // An overwrite would lose the values of columns the spec no longer names (a MERGE keeps them), or
            // would have to match the table's partitioning: the merge takes the batch in.
            LOG.info("Silver {}: not rebuilding: the table's columns {} are not the spec's, or it is partitioned", describe(target), tableColumns);
            return Optional.empty();
        }
        List<Dataset<?>> cached = new ArrayList<>();
        try {
            Column[] columns = eventColumns();
            Dataset<Row> tagged = batch.select(columns).withColumn(IN_BATCH, lit(1L)).unionByName(history.select(columns).withColumn(IN_BATCH, lit(0L)));
            Dataset<Row> counted = keep(cached, tagged.groupBy(columns).agg(count(lit(1)).as(COPIES), sum(IN_BATCH).as(IN_BATCH)));
            // An event whose every copy is in the batch is new; any other copy of the batch's is a duplicate.
            Row totals = counted.agg(coalesce(sum(IN_BATCH), lit(0L)), count(when(col(IN_BATCH).equalTo(col(COPIES)), lit(1)))).head();
            long eventsRead = totals.getLong(0);
            long newEvents = totals.getLong(1);
            if (eventsRead == 0) {
                return Optional.of(MergeResult.NOTHING);
            }
            LOG.info("Silver {}: rebuilding from the batch's {} events ({} new) and its history", describe(target), eventsRead, newEvents);
            Dataset<Row> rows = fold(shape.events(counted.drop(COPIES, IN_BATCH), FoldInput.Kind.RECOMPUTED_EVENT), batch.schema(), shape)
                    .drop(FoldInput.ACTION);
            // Cached under a plan that does not name the table, which the overwrite's commit would re-plan.
            Dataset<Row> rebuilt = keep(cached, spark.createDataFrame(rows.javaRDD(), rows.schema()));
            // Before the table's rows are read: the overwrite commits only if nothing committed after this version.
            PendingDeltaWrite.ReadVersion read = PendingDeltaWrite.readVersion(spark, target);
            TableDifferences.Counts changes = TableDifferences.between(tableRows(shape, target), rebuilt, spec, shape.table());
            if (changes.total() > 0) {
                counted.unpersist();
                if (!committedUnlessChanged(read, read.overwrite(rebuilt), target, "rebuilding")) {
                    return Optional.empty();
                }
            }
            MergeResult result = new MergeResult(eventsRead, duplicates(eventsRead, eventsRead - newEvents, changes.inserted() + changes.updated()), 0, 0,
                    changes.inserted(), changes.updated(), changes.deleted());
            LOG.info("Silver {}: rebuilt {}{}", describe(target), result, changes.total() > 0 ? "" : " (nothing changed, no commit)");
            return Optional.of(result);
        } finally {
            cached.forEach(Dataset::unpersist);
        }
    }

    /** Overwrites {@code target} with the fold of {@code events} (in {@link #eventColumns()} order) as one commit. */
    private MergeResult overwriteWithFold(FoldInput shape, Dataset<Row> events, StructType schema, TableRef target, long eventsRead,
            long identicalEvents, long rowsBefore) {
        Dataset<Row> rows = fold(shape.events(events, FoldInput.Kind.RECOMPUTED_EVENT), schema, shape).drop(FoldInput.ACTION);
        DeltaTables.overwrite(rows, target, spec.partitionBy());
        long written = DeltaTables.lastCommitCount(spark, target, "numOutputRows");
        MergeResult result = new MergeResult(eventsRead, duplicates(eventsRead, identicalEvents, written), 0, 0, written, 0, rowsBefore);
        LOG.info("Silver {}: rebuilt {}", describe(target), result);
        return result;
    }

    /**
     * The events without effect: identical ones; for append, every event that did not become its
     * key's row (a later delivery of a key is a duplicate even when its values differ), so that
     * events read = rows kept + duplicates.
     */
    private long duplicates(long eventsRead, long identical, long rowsKept) {
        return spec.load() == LoadType.APPEND ? eventsRead - rowsKept : identical;
    }

    private static <T> Dataset<T> keep(List<Dataset<?>> cached, Dataset<T> dataset) {
        cached.add(dataset.persist(StorageLevel.MEMORY_AND_DISK()));
        return dataset;
    }

    private static String describe(TableRef target) {
        return target.catalogName().orElse(target.path());
    }

    /** The events' columns in one order, so that set operations line up. */
    private Column[] eventColumns() {
        List<String> names = new ArrayList<>(spec.keys());
        names.addAll(spec.values());
        names.add(spec.sequence());
        names.add(EventColumns.OPERATION);
        return names.stream().map(Columns::named).toArray(Column[]::new);
    }

    private void createIfMissing(FoldInput shape, TableRef target) {
        if (DeltaTables.exists(spark, target)) {
            DeltaTables.addMissingColumns(spark, target, shape.table());
            return;
        }
        DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark);
        builder = target.catalogName().isPresent() ? builder.tableName(target.catalogName().get()) : builder.location(target.path());
        // A MERGE that changes a few rows of a file then marks them deleted instead of rewriting the file.
        builder = builder.addColumns(shape.table()).property("delta.enableDeletionVectors", "true");
        if (!spec.partitionBy().isEmpty()) {
            builder = builder.partitionedBy(spec.partitionBy().toArray(String[]::new));
        }
        builder.execute();
    }

    private Dataset<Row> tableRows(FoldInput shape, TableRef target) {
        return DeltaTables.read(spark, target).select(tableColumns(shape));
    }

    private static Column[] tableColumns(FoldInput shape) {
        return Arrays.stream(shape.table().fieldNames()).map(Columns::named).toArray(Column[]::new);
    }

    /** The distinct keys of {@code rows}, renamed so they can be joined back without ambiguity. */
    private Dataset<Row> keysOf(Dataset<Row> rows) {
        List<Column> keys = new ArrayList<>();
        for (int i = 0; i < spec.keys().size(); i++) {
            keys.add(Columns.named(spec.keys().get(i)).as(KEY_PREFIX + i));
        }
        return rows.select(keys.toArray(Column[]::new)).distinct();
    }

    /** {@code rows} joined ({@code left_semi} or {@code left_anti}) null-safely with renamed keys from {@link #keysOf}. */
    private Dataset<Row> withKeys(Dataset<Row> rows, Dataset<Row> keys, String joinType) {
        return rows.join(keys, sameKeyAsRenamed(), joinType);
    }

    /** {@code k1 <=> __key_0 AND ...}: a row's key null-safely equal to a renamed key; the names are unique, so the join cannot be ambiguous. */
    private Column sameKeyAsRenamed() {
        Column condition = null;
        for (int i = 0; i < spec.keys().size(); i++) {
            Column same = Columns.named(spec.keys().get(i)).eqNullSafe(col(KEY_PREFIX + i));
            condition = condition == null ? same : condition.and(same);
        }
        return condition;
    }

    /**
     * Per key of {@code batchKeys} (from {@link #keysOf}): the greatest sequence the table holds for it, from its rows
     * (sequence and effective_to) and, when the table takes deletes, its history's delete events
     * (a hard delete leaves no row, and a delete of an absent key changes none); and {@value #HELD_EVENT}, its
     * current live row as the event that made it ({@link #heldEvent}).
     */
    private Dataset<Row> heldState(Dataset<Row> held, Dataset<Row> history, Dataset<Row> batchKeys) {
        Column sequence = Columns.named(spec.sequence());
        Column rowSequence = spec.load() == LoadType.SCD2 ? greatest(sequence, Columns.named(EventColumns.EFFECTIVE_TO)) : sequence;
        List<Column> keyColumns = spec.keys().stream().map(Columns::named).toList();
        List<Column> selected = new ArrayList<>(keyColumns);
        selected.add(rowSequence.as(HELD_SEQUENCE));
        selected.add(heldEvent().as(HELD_EVENT));
        Dataset<Row> sequences = held.select(selected.toArray(Column[]::new));
        if (spec.deletes().isPresent()) {
            Dataset<Row> deletes = history.filter(Columns.named(EventColumns.OPERATION).equalTo(ChangeOperation.DELETE.key()));
            List<Column> deleteColumns = new ArrayList<>(keyColumns);
            deleteColumns.add(sequence.as(HELD_SEQUENCE));
            deleteColumns.add(lit(null).cast(sequences.schema().apply(HELD_EVENT).dataType()).as(HELD_EVENT));
            sequences = sequences.unionByName(withKeys(deletes, batchKeys, "left_semi").select(deleteColumns.toArray(Column[]::new)));
        }
        return sequences.groupBy(keyColumns.toArray(Column[]::new))
                .agg(max(HELD_SEQUENCE).as(HELD_SEQUENCE), max(HELD_EVENT).as(HELD_EVENT));
    }

    /**
     * Of a table row: when it is its key's current live row and updates overwrite, the event that made
     * it, as a struct of its values and sequence; else null. Only an upsert with exactly those values
     * and that sequence can have made such a row (a version that one changed in place holds the later
     * event's values and sequence; a delete would have closed it), so a batch event equal to it is one
     * the table was given before, known without reading the table's history. With {@code nulls: ignore}
     * a row's values may come from several events, so none is known. (A table that takes deletes still
     * reads its history for the deletes of the batch's keys.)
     */
    private Column heldEvent() {
        Column event = struct(heldEventColumns());
        if (spec.load() == LoadType.APPEND || spec.nullUpdates() != NullUpdates.OVERWRITE) {
            return when(lit(false), event);
        }
        Column live = spec.softDeletes() ? not(coalesce(Columns.named(EventColumns.IS_DELETED), lit(false))) : lit(true);
        Column current = spec.load() == LoadType.SCD2 ? coalesce(Columns.named(EventColumns.IS_CURRENT), lit(false)) : lit(true);
        return when(current.and(live), event);
    }

    /** The values and the sequence, the columns a held row and the event that made it share. */
    private Column[] heldEventColumns() {
        List<String> names = new ArrayList<>(spec.values());
        names.add(spec.sequence());
        return names.stream().map(Columns::named).toArray(Column[]::new);
    }

    /**
     * The events with {@value #HELD}: whether the event is the one its key's current live row was made by (no news);
     * and {@value #LATE}: whether, not being that, the table holds a sequence for the key not less than the event's.
     */
    private Dataset<Row> flagHeldAndLate(Dataset<Row> events, Dataset<Row> heldState) {
        List<Column> renamed = new ArrayList<>();
        for (int i = 0; i < spec.keys().size(); i++) {
            renamed.add(Columns.named(spec.keys().get(i)).as(KEY_PREFIX + i));
        }
        renamed.add(col(HELD_SEQUENCE));
        renamed.add(col(HELD_EVENT));
        Dataset<Row> sequences = heldState.select(renamed.toArray(Column[]::new));
        Column upsert = Columns.named(EventColumns.OPERATION).equalTo(ChangeOperation.UPSERT.key());
        Column held = coalesce(upsert.and(struct(heldEventColumns()).equalTo(col(HELD_EVENT))), lit(false));
        List<Column> columns = new ArrayList<>(Arrays.stream(events.columns()).map(Columns::named).toList());
        columns.add(held.as(HELD));
        // An append table's held event is not kept (HELD_EVENT is null), so its re-delivered first event has the held
        // sequence: only an older one is late (it takes the key over); an equal one is a duplicate, not late as well.
        Column sequence = Columns.named(spec.sequence());
        Column notNewer = spec.load() == LoadType.APPEND ? sequence.lt(col(HELD_SEQUENCE)) : sequence.leq(col(HELD_SEQUENCE));
        columns.add(not(held).and(col(HELD_SEQUENCE).isNotNull()).and(notNewer).as(LATE));
        return events.join(sequences, sameKeyAsRenamed(), "left").select(columns.toArray(Column[]::new));
    }

    private Dataset<Row> fold(Dataset<Row> input, StructType events, FoldInput shape) {
        StructType keySchema = DataTypes.createStructType(spec.keys().stream().map(events::apply).toList());
        // Grouped by the key columns, not by a function of each row: a key function makes Spark turn every
        // input row into a Row object once more, only to pick its key (the 1GB fact rebuild took 53-57 s with one, 42 s without).
        Column[] keys = spec.keys().stream().map(Columns::named).toArray(Column[]::new);
        return input.groupBy(keys).as(Encoders.row(keySchema), Encoders.row(input.schema()))
                .flatMapGroups(new KeyFold(spec), Encoders.row(shape.changes()));
    }

    private static Map<String, Long> countActions(Dataset<Row> changes) {
        // At most three rows: one per action.
        return changes.groupBy(FoldInput.ACTION).count().collectAsList().stream()
                .collect(Collectors.toMap(row -> row.getString(0), row -> row.getLong(1)));
    }

    /**
     * Commits changes that are all inserts as an append, which reads nothing of the table, where a
     * MERGE would join the table again to find rows that the fold already knows are absent. Only if
     * no other commit changed the table after {@code read}, taken before the fold read the table's
     * rows (so they are of that version or later: a commit in between only costs the MERGE);
     * otherwise the MERGE, which matches the changes against the table as it is now.
     */
    private void insert(Dataset<Row> changes, long changeRows, FoldInput shape, TableRef target, PendingDeltaWrite.ReadVersion read,
            KeyRange keyRange) {
        if (!committedUnlessChanged(read, read.append(changes.select(tableColumns(shape))), target, "appending")) {
            merge(changes, changeRows, shape, target, keyRange);
        }
    }

    /**
     * Commits {@code write}, opened at {@code read}; when another commit changed the table since, deletes
     * its files instead and returns false, so that the caller merges.
     *
     * @param instead what the merge is instead of, for the log
     */
    private static boolean committedUnlessChanged(PendingDeltaWrite.ReadVersion read, PendingDeltaWrite write, TableRef target, String instead) {
        try {
            write.commit();
            return true;
        } catch (ConcurrentModificationException changedMeanwhile) {
            write.abandon();
            LOG.info("Silver {}: the table changed after version {} was read ({}); merging instead of {}", describe(target), read.version(),
                    changedMeanwhile.getMessage(), instead);
            return false;
        }
    }

    /**
     * One MERGE: each change row updates, deletes or inserts the target row it matches (key, and
     * version for SCD2). Only the target's files whose statistics overlap the batch's key range are
     * read ({@link KeyRange}); on a large target, only their rows whose key the changes may hold are
     * joined ({@link MergeKeyFilter}). Every change's key is one of the batch's.
     */
    private void merge(Dataset<Row> changes, long changeRows, FoldInput shape, TableRef target, KeyRange keyRange) {
        List<String> match = spec.keys().stream().map(k -> "t." + Columns.quote(k) + " <=> s." + Columns.quote(k)).collect(Collectors.toList());
        if (spec.load() == LoadType.SCD2) {
            match.add("t." + Columns.quote(EventColumns.VERSION) + " = s." + Columns.quote(EventColumns.VERSION));
        }
        Map<String, String> assignments = new LinkedHashMap<>();
        for (String column : shape.table().fieldNames()) {
            assignments.put(Columns.quote(column), "s." + Columns.quote(column));
        }
        String action = "s." + Columns.quote(FoldInput.ACTION) + " = ";
        long targetBytes = DeltaTables.read(spark, target).queryExecution().optimizedPlan().stats().sizeInBytes().longValue();
        Optional<MergeKeyFilter> keyFilter = MergeKeyFilter.of(spark, changes, spec.keys(), changeRows, targetBytes);
        try {
            Column condition = expr(String.join(" AND ", match));
            condition = keyRange.holdsKeyOf("t").map(condition::and).orElse(condition);
            if (keyFilter.isPresent()) {
                condition = condition.and(keyFilter.get().mayHoldKeyOf("t"));
            }
            DeltaTables.forTable(spark, target).as("t")
                    .merge(changes.as("s"), condition)
                    .whenMatched(action + "'" + KeyFold.UPDATE + "'").updateExpr(assignments)
                    .whenMatched(action + "'" + KeyFold.DELETE + "'").delete()
                    .whenNotMatched(action + "'" + KeyFold.INSERT + "'").insertExpr(assignments)
                    .execute();
        } finally {
            keyFilter.ifPresent(MergeKeyFilter::close);
        }
    }
}
