package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.json_object_keys;
import static org.apache.spark.sql.functions.not;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.delta.PendingDeltaWrite;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.quality.gate.BatchFacts;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.gate.GateResult;
import io.medallion.quality.rows.RowChecks;
import io.medallion.quality.rows.RuleVerdicts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one batch of landed files into a bronze table: reads them with every column as text, types
 * each column, checks every row rule in the same scan, and commits valid rows to
 * {@code bronze/<table>} and failing rows (with the raw record, the file, every failed rule and the
 * batch id) to {@code quarantine/<table>}. Files that cannot be read at all are quarantined whole.
 *
 * <p>Cost: one read of the input, which decides every row; the failing rows are staged as JSON
 * beside it and read back for quarantine. One Delta commit per table, no shuffle.
 * Loading the same files again replaces their earlier rows ({@code replaceWhere} on
 * {@code _source_file}), so a rerun never adds rows twice. Rows read are the rows the two commits
 * wrote; the raw manifests' record counts are reported beside them for reconciliation.
 *
 * <p>The table's {@link BatchGate} decides whether the batch is committed at all: the valid rows'
 * files are written inside a Delta transaction, the gate reads exactly those files back (Parquet,
 * not the input again), and only when no error-level check failed are bronze and then quarantine
 * committed. A blocked batch commits nothing and its written files are deleted, so the same files
 * are loaded again by the next run.
 */
public final class BronzeIngest {
    private static final Logger LOG = LoggerFactory.getLogger(BronzeIngest.class);
    /** True for the rows the bronze write keeps: those that passed every rule. */
    private static final String KEEP = "__passes_all_rules";

    private final SparkSession spark;
    private final TableConfig table;
    private final SourceConfig source;
    private final LakehouseLayout layout;
    private final TableRef bronze;
    private final TableRef quarantine;
    private final BatchGate gate;

    /** @param gate checks each batch's rows before they are committed; {@link BatchGate#NONE} when the table has no checks */
    public BronzeIngest(SparkSession spark, TableConfig table, SourceConfig source, LakehouseLayout layout, BatchGate gate) {
        this.spark = spark;
        this.table = table;
        this.source = source;
        this.layout = layout;
        this.gate = gate;
        this.bronze = layout.table(table);
        this.quarantine = layout.quarantine(table);
    }

    /** Loads the files in place of their earlier rows (if any): a rerun or a backfill of them changes nothing else. */
    public BronzeResult execute(BatchContext batch, List<LandedFile> files) {
        return execute(batch, files, false);
    }

    /**
     * Rebuilds the table and its quarantine from the files, which should be all of raw: rows of files
     * not among them are gone afterwards. With no files, the tables are left as they are rather than
     * emptied.
     */
    public BronzeResult rebuild(BatchContext batch, List<LandedFile> files) {
        return execute(batch, files, true);
    }

    private BronzeResult execute(BatchContext batch, List<LandedFile> files, boolean rebuild) {
        String batchId = batch.batchId(table.name());
        if (files.isEmpty()) {
            return BronzeResult.nothingNew(table.qualifiedName(), batchId);
        }
        LOG.info("Bronze {} batch {}: loading {} files", table.qualifiedName(), batchId, files.size());
        SourceReader reader = SourceReader.of(spark, table, source);
        List<FileRejection> rejected = new ArrayList<>();
        List<LandedFile> readable = new ArrayList<>();
        for (LandedFile file : files) {
            reader.check(file).ifPresentOrElse(rejected::add, () -> readable.add(file));
        }
        rejected.forEach(r -> LOG.warn("Bronze {} batch {}: quarantined file {}: {}", table.qualifiedName(), batchId, r.rawPath(), r.reason()));

        Column[] batchValues = MetadataColumns.batchValues(batch, batchId);
        // A rebuild replaces every row (no predicate); otherwise the rows of these files only.
        Optional<String> predicate = rebuild ? Optional.empty() : Optional.of(replacePredicate(files));
        QuarantineRows quarantineRows = new QuarantineRows(spark, table);
        Loaded loaded;
        try {
            loaded = load(reader, readable, rejected, batchValues, predicate, quarantineRows, batch);
        } catch (MedallionException failure) {
            throw failure; // already says what failed (the gate, the storage), which no file's retry would change
        } catch (Exception failure) { // Spark throws SparkException without declaring it
            // A file may have broken the reader (a truncated archive, say): find it, quarantine it, load the rest.
            List<LandedFile> loadable = withoutUnreadable(reader, readable, rejected, failure, batchId);
            try {
                loaded = load(reader, loadable, rejected, batchValues, predicate, quarantineRows, batch);
            } catch (Exception retryFailure) { // as above
                throw Errors.tableWriteFailed(table.qualifiedName(), batchId, retryFailure);
            }
        }
        if (loaded.quality().blocksCommit()) {
            BronzeResult blocked = BronzeResult.blocked(table.qualifiedName(), batchId, files.size(), loaded.quality());
            LOG.warn("Bronze {} batch {}: not committed, failed quality checks: {}", table.qualifiedName(), batchId, blocked.blockingChecks());
            return blocked;
        }
        long quarantinedRows = loaded.quarantined() - rejected.size();
        long rowsRead = loaded.written() + quarantinedRows;
        long sourceRecords = sourceRecords(loaded.files());
        long blankRecords = loaded.files().stream().mapToLong(LandedFile::blankLines).reduce(0, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
        LOG.info("Bronze {} batch {}: read {} rows, wrote {}, quarantined {} rows and {} files",
                table.qualifiedName(), batchId, rowsRead, loaded.written(), quarantinedRows, rejected.size());
        List<String> schemaChanges = new ArrayList<>(reader.schemaDifferences().stream().map(SchemaDifference::describe).toList());
        if (reader.mayRescue()) {
            schemaChanges.addAll(rescuedColumns(batchId));
        }
        schemaChanges.forEach(change -> LOG.warn("Bronze {} batch {}: the source's columns changed: {}", table.qualifiedName(), batchId, change));
        return new BronzeResult(table.qualifiedName(), batchId, files.size(), rejected, rowsRead, loaded.written(),
                quarantinedRows, sourceRecords, blankRecords, loaded.quarantinedByRule(), schemaChanges, changedFiles(files), loaded.quality());
    }

    /** Records the files' manifests counted, or -1 when a file's format has none. */
    private static long sourceRecords(List<LandedFile> files) {
        return files.stream().mapToLong(LandedFile::records).reduce(0, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
    }

    /**
     * What one load committed: rows to bronze, rows (and rejected files) to quarantine, by rule id,
     * from which files, and what the gate measured; when the gate blocked the batch, nothing was
     * committed.
     */
    private record Loaded(long written, long quarantined, Map<String, Long> quarantinedByRule, List<LandedFile> files, GateResult quality) {}

    /**
     * One pass over the input, then the gate, then two Delta commits: the write of the valid rows'
     * files sets the failing rows aside as it goes ({@link FailingRowsSideOutput}); the gate reads
     * the written files; if it passes, bronze is committed and then the failing rows, with the
     * rejected files, are committed to quarantine. Rows that pass cost a few boolean checks more than
     * a plain typed load; only failing rows get their failures listed and their raw record rendered.
     */
    private Loaded load(SourceReader reader, List<LandedFile> files, List<FileRejection> rejected, Column[] batchValues,
            Optional<String> predicate, QuarantineRows quarantineRows, BatchContext batch) {
        String batchId = batch.batchId(table.name());
        FailingRowsSideOutput failing = FailingRowsSideOutput.in(spark, layout.staging("quarantine/" + table.name() + "/" + batchId),
                quarantineRows.stagedSchema());
        try {
            Dataset<Row> valid = spark.createDataFrame(List.of(), bronzeSchema());
            RuleVerdicts verdicts = new RuleVerdicts(List.of()); // no rows, no failures
            Optional<WriteCounts> validCounts = Optional.empty(); // nothing to count without files
            if (!files.isEmpty()) {
                Dataset<Row> read = reader.read(files).filter(not(reader.isBlank()));
                TableRules rules = TableRules.of(table, read.schema());
                verdicts = new RuleVerdicts(rules.checks());
                Column failingRowSetAside = failing.keep(quarantineRows.failingRow(verdicts, reader.rawRecord()));
                // A column, not a filter: Spark would push a filter below the typed values and parse
                // each value once per rule reading it; the side output, which Spark never moves, keeps
                // the column above them, where each typed value is parsed once.
                valid = verdicts.addTo(typed(read, rules, batchValues))
                        .withColumn(KEEP, verdicts.passesAll().or(failingRowSetAside))
                        .filter(col(KEEP))
                        .select(bronzeColumns());
                validCounts = Optional.of(new WriteCounts("the bronze write", List.of(), WriteCounts.DEFAULT_WAIT));
                valid = validCounts.get().countWhileWriting(valid);
            }
            PendingDeltaWrite bronzeWrite = PendingDeltaWrite.start(spark, valid, bronze, table.partitionBy(), predicate,
                    BronzeStatistics.tableProperties(table));
            GateResult quality = check(bronzeWrite, batch, batchId, files);
            if (quality.blocksCommit()) {
                bronzeWrite.abandon();
                return new Loaded(0, 0, Map.of(), files, quality);
            }
            bronzeWrite.commit();
            long written = validCounts.map(counts -> counts.rows(() -> committedRows(bronze))).orElse(0L);
            Optional<Dataset<Row>> failingRows = failing.rows(spark);
            if (failingRows.isEmpty() && rejected.isEmpty() && predicate.isPresent() && DeltaTables.exists(spark, quarantine)
                    && !DeltaTables.holdsRowsMatching(spark, quarantine, predicate.get())) {
                // Nothing to quarantine and no earlier rows of these files to replace: no write at all.
                return new Loaded(written, 0, Map.of(), files, quality);
            }
            Dataset<Row> invalid = quarantineOf(quarantineRows, failingRows, verdicts, rejected, batchValues);
            List<String> ruleIds = new ArrayList<>(verdicts.ruleIds());
            rejected.forEach(file -> ruleIds.add(quarantineRows.fileRulePrefix() + file.rule()));
            WriteCounts quarantineCounts = new WriteCounts("the quarantine write", ruleIds, WriteCounts.DEFAULT_WAIT);
            write(quarantineCounts.countWhileWriting(invalid), quarantine, List.of(MetadataColumns.INGEST_DATE), predicate);
            long quarantined = quarantineCounts.rows(() -> committedRows(quarantine));
            return new Loaded(written, quarantined, quarantineCounts.byRule(() -> readBackCountByRule(batchId)), files, quality);
        } finally {
            failing.discard(spark);
        }
    }

    /** Runs the gate on the rows the pending write wrote; a gate that fails to run abandons the write. */
    private GateResult check(PendingDeltaWrite write, BatchContext batch, String batchId, List<LandedFile> files) {
        if (gate == BatchGate.NONE) {
            return GateResult.NO_CHECKS; // without even listing the written files, which costs a request each on object stores
        }
        long records = sourceRecords(files);
        BatchFacts facts = new BatchFacts(table.qualifiedName(), table.layer().key(), batch.runId(), batchId, batch.ingestDate(),
                batch.startedAt(), records < 0 ? OptionalLong.empty() : OptionalLong.of(records));
        long started = System.nanoTime();
        try {
            GateResult quality = gate.evaluate(write.rows(), facts);
            if (!quality.outcomes().isEmpty()) {
                LOG.info("Bronze {} batch {}: {} quality checks, {} failed, {} in {} s", table.qualifiedName(), batchId, quality.outcomes().size(),
                        quality.failures().size(), quality.blocksCommit() ? "blocking the commit" : "passing the batch",
                        (System.nanoTime() - started) / 1_000_000_000.0);
            }
            return quality;
        } catch (Exception e) { // Spark throws AnalysisException, a checked exception, without declaring it
            write.abandon();
            throw Errors.qualityGateFailed(table.qualifiedName(), batchId, e);
        }
    }

    /**
     * Reads each file on its own to find the ones the reader cannot get through (a truncated
     * archive, say), adds them to {@code rejected} and returns the others. Run only after a read of
     * the whole batch failed; when no single file fails, that failure is reported as it is.
     */
    private List<LandedFile> withoutUnreadable(SourceReader reader, List<LandedFile> files, List<FileRejection> rejected,
            Exception batchFailure, String batchId) {
        List<LandedFile> readable = new ArrayList<>();
        for (LandedFile file : files) {
            try {
                // Every value, not count(): a Parquet count reads only the footer and passes a file whose pages are corrupt.
                reader.read(List.of(file)).write().format("noop").mode("overwrite").save();
                readable.add(file);
            } catch (Exception e) { // Spark throws SparkException without declaring it
                FileRejection rejection = new FileRejection(file.rawPath(), "file_unreadable", "the file cannot be read: " + Errors.rootMessage(e));
                LOG.warn("Bronze {}: quarantined file {}: {}", table.qualifiedName(), file.rawPath(), rejection.reason());
                rejected.add(rejection);
            }
        }
        if (readable.size() == files.size()) {
            throw Errors.tableWriteFailed(table.qualifiedName(), batchId, batchFailure);
        }
        return readable;
    }

    /** The read rows with the typed value of each declared column and the batch values. */
    private static Dataset<Row> typed(Dataset<Row> read, TableRules rules, Column[] batchValues) {
        List<Column> columns = new ArrayList<>();
        columns.add(col("*"));
        columns.addAll(List.of(rules.typedValues()));
        columns.addAll(List.of(batchValues));
        return read.select(columns.toArray(Column[]::new));
    }

    private Column[] bronzeColumns() {
        List<Column> columns = new ArrayList<>();
        for (String column : table.columnNames()) {
            columns.add(col(RowChecks.quote(TableRules.typedColumn(column))).as(column));
        }
        columns.add(col(MetadataColumns.RESCUED_DATA));
        columns.addAll(MetadataColumns.trace());
        return columns.toArray(Column[]::new);
    }

    private StructType bronzeSchema() {
        StructType schema = new StructType();
        for (ColumnConfig column : table.columns()) {
            schema = schema.add(column.name(), DataType.fromDDL(column.type().sqlName()), true);
        }
        return MetadataColumns.withTrace(schema.add(MetadataColumns.RESCUED_DATA, DataTypes.StringType, true));
    }

    private static Dataset<Row> quarantineOf(QuarantineRows quarantineRows, Optional<Dataset<Row>> staged, RuleVerdicts verdicts,
            List<FileRejection> rejected, Column[] batchValues) {
        Dataset<Row> rows = staged.map(failing -> quarantineRows.rejectedRows(failing, verdicts, batchValues)).orElse(null);
        if (!rejected.isEmpty()) {
            Dataset<Row> files = quarantineRows.rejectedFiles(rejected, batchValues);
            rows = rows == null ? files : rows.unionByName(files);
        }
        return rows == null ? quarantineRows.empty() : rows;
    }

    /** Commits {@code rows} in place of the rows matching {@code predicate} (all rows without one). */
    private void write(Dataset<Row> rows, TableRef target, List<String> partitionBy, Optional<String> predicate) {
        if (predicate.isPresent()) {
            DeltaTables.replaceWhere(spark, rows, target, partitionBy, predicate.get());
        } else {
            DeltaTables.overwrite(rows, target, partitionBy);
        }
    }

    /** The rows the table's latest commit wrote, from its history: only when the write's own count did not arrive ({@link WriteCounts}). */
    private long committedRows(TableRef target) {
        return DeltaTables.lastCommitCount(spark, target, "numOutputRows");
    }

    /**
     * Quarantined rows and files of the batch by rule id, read back from the (small) quarantine
     * commit: only when the quarantine write's own counts did not arrive ({@link WriteCounts}).
     */
    private Map<String, Long> readBackCountByRule(String batchId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        // One row per rule id reaches the driver, however many rows failed.
        for (Row row : DeltaTables.read(spark, quarantine).filter(col(MetadataColumns.BATCH_ID).equalTo(batchId))
                .select(explode(col(MetadataColumns.FAILED_RULES)).as("rule_id"))
                .groupBy("rule_id").count().collectAsList()) {
            counts.put(row.getString(0), row.getLong(1));
        }
        return counts;
    }

    /**
     * The undeclared columns the batch's rows brought, with how many rows had each, e.g.
     * {@code rescued in _rescued_data: loyalty_tier (120 rows)}. Reads only the rescued column of the
     * batch's rows, which is null unless the source changed; one row per column name reaches the driver.
     */
    private List<String> rescuedColumns(String batchId) {
        List<String> counts = new ArrayList<>();
        for (TableRef target : List.of(bronze, quarantine)) {
            if (!DeltaTables.exists(spark, target)) {
                continue;
            }
            DeltaTables.read(spark, target)
                    .filter(col(MetadataColumns.BATCH_ID).equalTo(batchId).and(col(MetadataColumns.RESCUED_DATA).isNotNull()))
                    .select(explode(json_object_keys(col(MetadataColumns.RESCUED_DATA))).as("column"))
                    .groupBy("column").count().orderBy("column").collectAsList()
                    .forEach(row -> counts.add(row.getString(0) + " (" + row.getLong(1) + " rows)"));
        }
        return counts.isEmpty() ? List.of() : List.of("columns the table does not declare, kept in " + MetadataColumns.RESCUED_DATA + ": "
                + String.join(", ", counts));
    }

    /** Source files landed as a new version of a file of the same name, as {@code source path -> raw name}. */
    private static List<String> changedFiles(List<LandedFile> files) {
        return files.stream().filter(f -> !f.rawPath().endsWith("/" + f.source().name()))
                .map(f -> f.source().path() + " -> " + f.rawPath().substring(f.rawPath().lastIndexOf('/') + 1)).toList();
    }

    /** The rows of these files, so a rerun replaces instead of adding. */
    private static String replacePredicate(List<LandedFile> files) {
        // The rows of a file all carry the date of the raw partition it landed in: naming those dates
        // lets Delta skip every other partition instead of reading every row's _source_file, whose
        // file statistics (cut to 32 characters of a long common prefix) cannot rule files out.
        String dates = files.stream().map(f -> "DATE'" + f.ingestDate() + "'").distinct().collect(Collectors.joining(", "));
        return MetadataColumns.INGEST_DATE + " IN (" + dates + ") AND " + MetadataColumns.SOURCE_FILE + " IN (" + files.stream()
                .map(f -> "'" + sparkFilePath(f.rawPath()).replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The form Spark's {@code _metadata.file_path} gives a path: its URI, percent-encoded. */
    static String sparkFilePath(String path) {
        return new Path(path).toUri().toString();
    }
}
