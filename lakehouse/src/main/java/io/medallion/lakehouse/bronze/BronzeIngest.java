package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.quality.rows.RowChecks;
import io.medallion.quality.rows.RowValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one batch of landed files into a bronze table: reads them with every column as text, types
 * each column, checks every row rule in one projection, and commits valid rows to
 * {@code bronze/<table>} and failing rows (with the raw record, the file, every failed rule and the
 * batch id) to {@code quarantine/<table>}. Files that cannot be read at all are quarantined whole.
 *
 * <p>Cost: one read of the input (kept, memory and disk, while both tables are written), one Delta
 * commit per table, no shuffle. Loading the same files again replaces their earlier rows
 * ({@code replaceWhere} on {@code _source_file}), so a rerun never adds rows twice.
 */
public final class BronzeIngest {
    private static final Logger LOG = LoggerFactory.getLogger(BronzeIngest.class);

    private final SparkSession spark;
    private final TableConfig table;
    private final SourceConfig source;
    private final TableRef bronze;
    private final TableRef quarantine;

    public BronzeIngest(SparkSession spark, TableConfig table, SourceConfig source, LakehouseLayout layout) {
        this.spark = spark;
        this.table = table;
        this.source = source;
        this.bronze = layout.table(table);
        this.quarantine = layout.quarantine(table);
    }

    public BronzeResult execute(BatchContext batch, List<LandedFile> files) {
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
        ValidatedBatch validated = validatedBatch(reader, readable, rejected, batchValues);
        try {
            QuarantineRows quarantineRows = new QuarantineRows(spark, table);
            Dataset<Row> valid = validated.rows() == null
                    ? spark.createDataFrame(List.of(), bronzeSchema())
                    : validated.rows().filter(RowValidation.isValid()).select(bronzeColumns());
            Dataset<Row> invalid = quarantineOf(quarantineRows, validated.rows(), reader.rawRecord(), rejected, batchValues);
            String predicate = replacePredicate(files);
            long written = write(valid, bronze, table.partitionBy(), predicate, batchId);
            long quarantinedRows = write(invalid, quarantine, List.of(MetadataColumns.INGEST_DATE), predicate, batchId) - rejected.size();
            if (validated.count() != written + quarantinedRows) {
                throw Errors.rowsLost(table.qualifiedName(), batchId, validated.count(), written, quarantinedRows);
            }
            long sourceRecords = validated.files().stream().mapToLong(LandedFile::records).reduce(0, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
            LOG.info("Bronze {} batch {}: read {} rows, wrote {}, quarantined {} rows and {} files",
                    table.qualifiedName(), batchId, validated.count(), written, quarantinedRows, rejected.size());
            return new BronzeResult(table.qualifiedName(), batchId, files.size(), rejected, validated.count(), written,
                    quarantinedRows, sourceRecords, countByRule(validated.rows(), rejected, quarantineRows.fileRulePrefix()));
        } finally {
            if (validated.rows() != null) {
                validated.rows().unpersist();
            }
        }
    }

    /** The validated rows of a batch (null when no file is readable), their count and the files they came from. */
    private record ValidatedBatch(Dataset<Row> rows, long count, List<LandedFile> files) {}

    private ValidatedBatch validatedBatch(SourceReader reader, List<LandedFile> readable, List<FileRejection> rejected, Column[] batchValues) {
        if (readable.isEmpty()) {
            return new ValidatedBatch(null, 0, readable);
        }
        Dataset<Row> rows = validate(reader.read(readable), batchValues);
        try {
            return new ValidatedBatch(rows, rows.count(), readable);
        } catch (Exception readFailure) { // Spark throws SparkException without declaring it
            rows.unpersist();
            List<LandedFile> loadable = withoutUnreadable(reader, readable, rejected, readFailure);
            if (loadable.isEmpty()) {
                return new ValidatedBatch(null, 0, loadable);
            }
            Dataset<Row> retried = validate(reader.read(loadable), batchValues);
            return new ValidatedBatch(retried, retried.count(), loadable);
        }
    }

    /**
     * Reads each file on its own to find the ones the reader cannot get through (a truncated
     * archive, say), adds them to {@code rejected} and returns the others. Run only after a read of
     * the whole batch failed; when no single file fails, that failure is reported as it is.
     */
    private List<LandedFile> withoutUnreadable(SourceReader reader, List<LandedFile> files, List<FileRejection> rejected, Exception batchFailure) {
        List<LandedFile> readable = new ArrayList<>();
        for (LandedFile file : files) {
            try {
                reader.read(List.of(file)).count();
                readable.add(file);
            } catch (Exception e) { // Spark throws SparkException without declaring it
                FileRejection rejection = new FileRejection(file.rawPath(), "file_unreadable", "the file cannot be read: " + Errors.rootMessage(e));
                LOG.warn("Bronze {}: quarantined file {}: {}", table.qualifiedName(), file.rawPath(), rejection.reason());
                rejected.add(rejection);
            }
        }
        if (readable.size() == files.size()) {
            throw Errors.jobFailed("Reading the files of " + table.qualifiedName() + " failed: " + Errors.rootMessage(batchFailure), batchFailure);
        }
        return readable;
    }

    /** The read rows with typed columns, failures and batch values, persisted: both writes read this once-computed batch. */
    private Dataset<Row> validate(Dataset<Row> read, Column[] batchValues) {
        TableRules rules = TableRules.of(table, read.schema());
        Dataset<Row> withFailures = RowValidation.withFailures(read, rules.checks());
        List<Column> columns = new ArrayList<>();
        columns.add(col("*"));
        for (String column : table.columnNames()) {
            columns.add(rules.typed(column).as(typedName(column)));
        }
        columns.addAll(List.of(batchValues));
        return withFailures.select(columns.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
    }

    private Column[] bronzeColumns() {
        List<Column> columns = new ArrayList<>();
        for (String column : table.columnNames()) {
            columns.add(col(RowChecks.quote(typedName(column))).as(column));
        }
        columns.addAll(MetadataColumns.trace());
        return columns.toArray(Column[]::new);
    }

    private StructType bronzeSchema() {
        StructType schema = new StructType();
        for (ColumnConfig column : table.columns()) {
            schema = schema.add(column.name(), DataType.fromDDL(column.type().sqlName()), true);
        }
        return MetadataColumns.withTrace(schema);
    }

    private static Dataset<Row> quarantineOf(QuarantineRows quarantineRows, Dataset<Row> validated, Column rawRecord,
            List<FileRejection> rejected, Column[] batchValues) {
        Dataset<Row> rows = validated == null ? null : quarantineRows.rejectedRows(validated, rawRecord);
        if (!rejected.isEmpty()) {
            Dataset<Row> files = quarantineRows.rejectedFiles(rejected, batchValues);
            rows = rows == null ? files : rows.unionByName(files);
        }
        return rows == null ? quarantineRows.empty() : rows;
    }

    /** Commits {@code rows} in place of the rows of the same files, and returns how many rows the commit wrote. */
    private long write(Dataset<Row> rows, TableRef target, List<String> partitionBy, String predicate, String batchId) {
        try {
            DeltaTables.replaceWhere(spark, rows, target, partitionBy, predicate);
            return Long.parseLong(DeltaTables.lastCommitMetrics(spark, target).getOrDefault("numOutputRows", "0"));
        } catch (MedallionException e) {
            throw e;
        } catch (Exception e) { // Spark throws SparkException without declaring it
            throw Errors.tableWriteFailed(target.display(), batchId, e);
        }
    }

    private static Map<String, Long> countByRule(Dataset<Row> validated, List<FileRejection> rejected, String fileRulePrefix) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (validated != null) {
            // One row per rule id reaches the driver, however many rows failed.
            for (Row row : validated.filter(RowValidation.isInvalid())
                    .select(explode(col(RowValidation.FAILURES_COLUMN + ".rule_id")).as("rule_id"))
                    .groupBy("rule_id").count().collectAsList()) {
                counts.put(row.getString(0), row.getLong(1));
            }
        }
        for (FileRejection file : rejected) {
            counts.merge(fileRulePrefix + file.rule(), 1L, Long::sum);
        }
        return counts;
    }

    /** The rows of these files, by the path Spark reports for them, so a rerun replaces instead of adding. */
    private static String replacePredicate(List<LandedFile> files) {
        return MetadataColumns.SOURCE_FILE + " IN (" + files.stream()
                .map(f -> "'" + sparkFilePath(f.rawPath()).replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The form Spark's {@code _metadata.file_path} gives a path: its URI, percent-encoded. */
    static String sparkFilePath(String path) {
        return new Path(path).toUri().toString();
    }

    private static String typedName(String column) {
        return "__typed_" + column;
    }
}
