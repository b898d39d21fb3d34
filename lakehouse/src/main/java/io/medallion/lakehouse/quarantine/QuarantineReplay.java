package io.medallion.lakehouse.quarantine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.delta.tables.DeltaTable;
import io.medallion.lakehouse.bronze.MetadataColumns;
import io.medallion.lakehouse.bronze.QuarantineRevalidation;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.spark.SessionSettings;
import io.medallion.lakehouse.system.AuditEntry;
import io.medallion.lakehouse.system.AuditLog;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.quality.rows.RowChecks;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves quarantined rows that the current config lets through into the bronze table they were meant
 * for: each waiting row is typed and checked again with the table's current rules (as bronze would
 * load it today), and the rows that pass are written to bronze with the {@code _source_file} and
 * {@code _ingest_date} they arrived with and the replay's own batch id, run id and time. In
 * quarantine they are marked with {@code _replay_batch_id} and {@code _replayed_at}; rows that still
 * fail stay as they are, with the failures recorded when they were quarantined.
 *
 * <p>Three Delta commits make it safe to rerun and to interrupt: (1) a MERGE marks the passing rows
 * with the replay's batch id, (2) bronze gets exactly the marked rows, in place of any rows of that
 * batch id ({@code replaceWhere}), (3) an UPDATE sets {@code _replayed_at} on the marked rows. A
 * replay only considers rows with neither mark, so a second one moves nothing twice; one that finds
 * rows marked by an interrupted replay first finishes it (its bronze commit happened) or releases
 * the rows (it did not). Two replays of one table must not run at the same time.
 *
 * <p>Whole-file rejections are skipped and counted: their rows were never read, so only a reload of
 * their files ({@code medallion run --from/--to}) brings them in. Rows the reader could not split
 * keep failing for the same reason. Every replay leaves one row in the audit log (step
 * {@code quarantine_replay}). Cost: four reads of the waiting quarantined rows (two counts, the MERGE,
 * the bronze write), an UPDATE of quarantine and one bronze commit of the replayed rows; only
 * counts reach the driver.
 */
public final class QuarantineReplay {
    public static final String REPLAY_BATCH_ID = "_replay_batch_id";
    public static final String REPLAYED_AT = "_replayed_at";
    static final String STEP = "quarantine_replay";
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineReplay.class);
    private static final StructType REPLAY_COLUMNS = new StructType()
            .add(REPLAY_BATCH_ID, DataTypes.StringType, true)
            .add(REPLAYED_AT, DataTypes.TimestampType, true);

    private final SparkSession spark;
    private final PipelineConfig config;
    private final LakehouseLayout layout;

    public QuarantineReplay(SparkSession spark, PipelineConfig config) {
        this.spark = spark;
        this.config = config;
        this.layout = LakehouseLayout.at(config.root());
    }

    /** Replays the selected rows of {@code table}'s quarantine; see the class comment. */
    public ReplayResult execute(TableConfig table, ReplaySelection selection) {
        BatchContext batch = BatchContext.start(config.name(), LocalDate.now(ZoneOffset.UTC));
        String replayBatchId = batch.batchId(table.name());
        TableRef quarantine = layout.quarantine(table);
        if (!DeltaTables.exists(spark, quarantine)) {
            LOG.info("Replay of {}: no quarantine table at {}; nothing to replay", table.qualifiedName(), quarantine.path());
            return new ReplayResult(table.qualifiedName(), replayBatchId, 0, 0, 0, 0, 0, 0, Map.of());
        }
        Instant started = Instant.now();
        AuditLog audit = new AuditLog(spark, layout);
        LOG.info("Replay {} of {}: checking quarantined rows of {} with the current rules", replayBatchId, table.qualifiedName(),
                selection.describe(table));
        spark.sparkContext().setJobGroup("medallion-" + batch.runId(), "Medallion quarantine replay of " + table.qualifiedName(), false);
        try {
            ReplayResult result = SessionSettings.during(spark, () -> replay(table, selection, batch, replayBatchId, quarantine));
            audit.record(new AuditEntry(batch, table.layer().key(), table.name(), STEP, AuditEntry.Status.SUCCEEDED, started, Instant.now(),
                    result.rowsChecked(), result.rowsReplayed(), result.rowsStillFailing(), 0, result.filesSkipped(),
                    auditMessage(table, selection, result), OptionalDouble.empty()));
            LOG.info("Replay {} of {}: {} rows checked, {} replayed, {} still fail, {} rejected files skipped", replayBatchId,
                    table.qualifiedName(), result.rowsChecked(), result.rowsReplayed(), result.rowsStillFailing(), result.filesSkipped());
            return result;
        } catch (Exception e) { // Spark throws SparkException, a checked exception, without declaring it
            String message = e instanceof MedallionException ? e.getMessage() : Errors.rootMessage(e);
            LOG.error("Replay {} of {} failed: {}", replayBatchId, table.qualifiedName(), message, e);
            try {
                audit.record(new AuditEntry(batch, table.layer().key(), table.name(), STEP, AuditEntry.Status.FAILED, started, Instant.now(),
                        0, 0, 0, 0, 0, message, OptionalDouble.empty()));
            } catch (Exception auditFailure) { // as above
                LOG.error("Could not write the audit row for the failed replay of {}: {}", table.qualifiedName(), Errors.rootMessage(auditFailure));
            }
            throw e instanceof MedallionException medallion ? medallion : Errors.jobFailed("The quarantine replay " + replayBatchId + " of "
                    + table.qualifiedName() + " failed: " + message + ". Rerun the same command: a replay finishes or undoes what an "
                    + "interrupted one left, and moves no row twice.", e);
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    private ReplayResult replay(TableConfig table, ReplaySelection selection, BatchContext batch, String replayBatchId, TableRef quarantine) {
        TableRef bronze = layout.table(table);
        DeltaTables.addMissingColumns(spark, quarantine, REPLAY_COLUMNS);
        Interrupted interrupted = settleInterruptedReplays(table, quarantine, bronze);
        QuarantineRevalidation revalidation = QuarantineRevalidation.of(table);
        Dataset<Row> waiting = DeltaTables.read(spark, quarantine)
                .filter(col(REPLAYED_AT).isNull().and(col(REPLAY_BATCH_ID).isNull()).and(selection.condition(table)));
        long filesSkipped = waiting.filter(revalidation.isFileRejection()).count();
        Dataset<Row> validated = revalidation.validate(waiting.filter(not(revalidation.isFileRejection())));
        Map<String, Long> stillFailingByRule = new LinkedHashMap<>();
        long stillFailing = 0;
        long checked = 0;
        // One row per current rule (and one of totals) reaches the driver, however many rows wait.
        for (Row row : validated.groupBy(col(QuarantineRevalidation.PASSES)).count().collectAsList()) {
            checked += row.getLong(1);
            stillFailing += row.getBoolean(0) ? 0 : row.getLong(1);
        }
        for (Row row : validated.filter(not(col(QuarantineRevalidation.PASSES)))
                .select(explode(col(QuarantineRevalidation.CURRENT_FAILED_RULES)).as("rule_id")).groupBy("rule_id").count().collectAsList()) {
            stillFailingByRule.put(row.getString(0), row.getLong(1));
        }
        long passing = checked - stillFailing;
        long replayed = 0;
        if (passing > 0) {
            long marked = mark(quarantine, validated.filter(col(QuarantineRevalidation.PASSES)), identity(table, waiting), replayBatchId);
            replayed = writeToBronze(table, revalidation, quarantine, bronze, batch, replayBatchId);
            if (replayed != marked) {
                throw Errors.jobFailed("The replay " + replayBatchId + " of " + table.qualifiedName() + " marked " + marked
                        + " quarantined rows but wrote " + replayed + " to bronze; they are left marked as replaying, and the next "
                        + "replay settles them.", null);
            }
            markReplayed(quarantine, replayBatchId, Timestamp.from(batch.startedAt()));
        }
        return new ReplayResult(table.qualifiedName(), replayBatchId, checked, replayed, stillFailing, filesSkipped,
                interrupted.finished(), interrupted.released(), stillFailingByRule);
    }

    /** Rows an interrupted replay marked, settled before this one looks for waiting rows. */
    private record Interrupted(long finished, long released) {}

    /**
     * Finishes or undoes every earlier replay that marked rows and stopped before {@code _replayed_at}
     * was set: bronze holding rows of its batch id means its bronze commit happened, so its rows are
     * marked replayed; otherwise its marks are removed and the rows wait again.
     */
    private Interrupted settleInterruptedReplays(TableConfig table, TableRef quarantine, TableRef bronze) {
        List<String> interruptedBatches = DeltaTables.read(spark, quarantine)
                .filter(col(REPLAYED_AT).isNull().and(col(REPLAY_BATCH_ID).isNotNull()))
                .select(REPLAY_BATCH_ID).distinct().collectAsList().stream().map(row -> row.getString(0)).toList();
        long finished = 0;
        long released = 0;
        for (String interrupted : interruptedBatches) {
            boolean committed = DeltaTables.exists(spark, bronze)
                    && DeltaTables.read(spark, bronze).filter(col(MetadataColumns.BATCH_ID).equalTo(interrupted)).limit(1).count() > 0;
            Column marked = col(REPLAY_BATCH_ID).equalTo(interrupted).and(col(REPLAYED_AT).isNull());
            if (committed) {
                DeltaTables.forTable(spark, quarantine).update(marked, Map.of(REPLAYED_AT, lit(Timestamp.from(Instant.now()))));
                finished += updatedRows(quarantine);
            } else {
                DeltaTables.forTable(spark, quarantine).update(marked, Map.of(REPLAY_BATCH_ID, lit(null).cast(DataTypes.StringType)));
                released += updatedRows(quarantine);
            }
            LOG.warn("Replay of {}: the interrupted replay {} was {}", table.qualifiedName(), interrupted,
                    committed ? "finished: its rows were in bronze" : "undone: its rows wait again");
        }
        return new Interrupted(finished, released);
    }

    /**
     * Commit 1: marks the quarantine rows equal to the passing ones with the replay's batch id, and
     * returns how many it marked. Quarantine rows have no id of their own; two rows equal in every
     * column compared are the same record of the same file and batch, so they pass or fail together.
     */
    private long mark(TableRef quarantine, Dataset<Row> passing, List<String> identity, String replayBatchId) {
        Column[] keys = identity.stream().map(c -> col(RowChecks.quote(c))).toArray(Column[]::new);
        Column matches = col("quarantined." + REPLAYED_AT).isNull().and(col("quarantined." + REPLAY_BATCH_ID).isNull());
        for (String column : identity) {
            matches = matches.and(col("quarantined." + RowChecks.quote(column)).eqNullSafe(col("passing." + RowChecks.quote(column))));
        }
        DeltaTable target = DeltaTables.forTable(spark, quarantine);
        target.as("quarantined").merge(passing.select(keys).distinct().as("passing"), matches)
                .whenMatched().update(Map.of(REPLAY_BATCH_ID, lit(replayBatchId)))
                .execute();
        return DeltaTables.lastCommitCount(spark, quarantine, "numTargetRowsUpdated");
    }

    /** Commit 2: the marked rows, typed, in place of any bronze rows of the replay's batch id; returns the rows written. */
    private long writeToBronze(TableConfig table, QuarantineRevalidation revalidation, TableRef quarantine, TableRef bronze,
            BatchContext batch, String replayBatchId) {
        Dataset<Row> marked = DeltaTables.read(spark, quarantine).filter(col(REPLAY_BATCH_ID).equalTo(replayBatchId));
        Dataset<Row> rows = revalidation.asBronzeRows(revalidation.validate(marked), replayBatchId, batch.runId(),
                Timestamp.from(batch.startedAt()));
        DeltaTables.replaceWhere(spark, rows, bronze, table.partitionBy(),
                MetadataColumns.BATCH_ID + " = '" + replayBatchId.replace("'", "\\'") + "'");
        return DeltaTables.lastCommitCount(spark, bronze, "numOutputRows");
    }

    /** Commit 3: the marked rows are replayed. */
    private void markReplayed(TableRef quarantine, String replayBatchId, Timestamp replayedAt) {
        DeltaTables.forTable(spark, quarantine).update(col(REPLAY_BATCH_ID).equalTo(replayBatchId), Map.of(REPLAYED_AT, lit(replayedAt)));
    }

    private long updatedRows(TableRef table) {
        return DeltaTables.lastCommitCount(spark, table, "numUpdatedRows");
    }

    /**
     * The columns that tell quarantined rows apart: the record (the declared columns the quarantine
     * table has, and the raw and rescued text), its file and its batch.
     */
    private static List<String> identity(TableConfig table, Dataset<Row> quarantined) {
        List<String> present = List.of(quarantined.columns());
        List<String> columns = new ArrayList<>(table.columnNames().stream().filter(present::contains).toList());
        columns.addAll(List.of(MetadataColumns.RAW_RECORD, MetadataColumns.RESCUED_DATA, MetadataColumns.SOURCE_FILE,
                MetadataColumns.INGEST_DATE, MetadataColumns.BATCH_ID));
        return columns;
    }

    private static String auditMessage(TableConfig table, ReplaySelection selection, ReplayResult result) {
        List<String> parts = new ArrayList<>();
        parts.add("replayed " + result.rowsReplayed() + " of " + result.rowsChecked() + " quarantined rows (" + selection.describe(table)
                + ") checked with the current rules");
        if (result.rowsStillFailing() > 0) {
            parts.add(result.rowsStillFailing() + " still fail and stay in quarantine");
        }
        if (result.filesSkipped() > 0) {
            parts.add(result.filesSkipped() + " rejected files skipped: reload them with `medallion run --from/--to` after fixing the config");
        }
        if (result.interruptedFinished() + result.interruptedReleased() > 0) {
            parts.add("an interrupted replay was settled: " + result.interruptedFinished() + " rows finished, "
                    + result.interruptedReleased() + " released");
        }
        return String.join("; ", parts);
    }
}
