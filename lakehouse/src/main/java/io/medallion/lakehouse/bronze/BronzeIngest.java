package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.ColumnType;
import io.medallion.lakehouse.config.SourceConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.quality.rows.ColumnParsing;
import io.medallion.quality.rows.RowCheck;
import io.medallion.quality.rows.RowChecks;
import io.medallion.quality.rows.RowValidation;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
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
 * <p>Cost: one read of the input (it is persisted, memory and disk, while both tables are written),
 * one Delta commit per table, no shuffle. Rerunning the same files replaces their earlier rows
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
        CsvFileCheck fileCheck = new CsvFileCheck(spark.sparkContext().hadoopConfiguration(), source, table.columnNames());
        List<FileRejection> rejected = new ArrayList<>();
        List<LandedFile> readable = new ArrayList<>();
        for (LandedFile file : files) {
            fileCheck.check(file).ifPresentOrElse(rejected::add, () -> readable.add(file));
        }
        rejected.forEach(r -> LOG.warn("Bronze {} batch {}: quarantined file {}: {}", table.qualifiedName(), batchId, r.rawPath(), r.reason()));

        Column[] metadata = metadataColumns(batch, batchId);
        List<LandedFile> loadable = readable;
        Dataset<Row> validated = null;
        long rowsRead = 0;
        if (!loadable.isEmpty()) {
            try {
                validated = validate(loadable, metadata);
                rowsRead = validated.count();
            } catch (Exception readFailure) {  // Spark throws SparkException undeclared
                // A file broke the reader (a truncated archive, say): find it, quarantine it, load the rest.
                if (validated != null) {
                    validated.unpersist();
                }
                loadable = isolateUnreadable(loadable, rejected, readFailure);
                validated = loadable.isEmpty() ? null : validate(loadable, metadata);
                rowsRead = validated == null ? 0 : validated.count();
            }
        }
        try {
            String predicate = replacePredicate(files);
            Dataset<Row> valid = validated == null ? emptyBronze() : validated.filter(RowValidation.isValid()).select(bronzeColumns());
            Dataset<Row> invalid = quarantineRows(validated, rejected, metadata);
            long written = write(valid, bronze, table.partitionBy(), predicate, batchId);
            long quarantined = write(invalid, quarantine, List.of(MetadataColumns.INGEST_DATE), predicate, batchId);
            long rejectedRows = rejected.size();
            if (rowsRead != written + quarantined - rejectedRows) {
                throw Errors.rowsLost(table.qualifiedName(), batchId, rowsRead, written, quarantined - rejectedRows);
            }
            Map<String, Long> byRule = countByRule(validated, rejected);
            long sourceRecords = loadable.stream().mapToLong(LandedFile::records).reduce(0, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
            LOG.info("Bronze {} batch {}: read {} rows, wrote {}, quarantined {} rows and {} files",
                    table.qualifiedName(), batchId, rowsRead, written, quarantined - rejectedRows, rejectedRows);
            return new BronzeResult(table.qualifiedName(), batchId, files.size(), rejected, rowsRead, written,
                    quarantined - rejectedRows, sourceRecords, byRule);
        } finally {
            if (validated != null) {
                validated.unpersist();
            }
        }
    }

    /**
     * Reads each file on its own to find the ones the reader cannot get through, adds them to
     * {@code rejected} and returns the others. Only runs after a whole-batch read failed.
     */
    private List<LandedFile> isolateUnreadable(List<LandedFile> files, List<FileRejection> rejected, Exception batchFailure) {
        List<LandedFile> readable = new ArrayList<>();
        for (LandedFile file : files) {
            try {
                spark.read().schema(textSchema()).options(readerOptions()).csv(file.rawPath()).count();
                readable.add(file);
            } catch (Exception e) {
                FileRejection rejection = new FileRejection(file.rawPath(), "file_unreadable", "the file cannot be read: " + Errors.rootMessage(e));
                LOG.warn("Bronze {}: quarantined file {}: {}", table.qualifiedName(), file.rawPath(), rejection.reason());
                rejected.add(rejection);
            }
        }
        if (readable.size() == files.size()) {
            // No single file fails on its own, so the failure is not the input's: report it as it is.
            throw Errors.jobFailed("Reading the files of " + table.qualifiedName() + " failed: " + Errors.rootMessage(batchFailure), batchFailure);
        }
        return readable;
    }

    private StructType textSchema() {
        StructType schema = new StructType();
        for (String column : table.columnNames()) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        return schema.add(MetadataColumns.CORRUPT_RECORD, DataTypes.StringType, true);
    }

    private Map<String, String> readerOptions() {
        Map<String, String> options = new HashMap<>(source.options());
        options.putIfAbsent("header", "true");
        options.put("mode", "PERMISSIVE");
        options.put("columnNameOfCorruptRecord", MetadataColumns.CORRUPT_RECORD);
        // Positions, not header names, map fields to columns; CsvFileCheck has already compared the header.
        options.put("enforceSchema", "true");
        return options;
    }

    private Dataset<Row> validate(List<LandedFile> readable, Column[] metadata) {
        String[] paths = readable.stream().map(LandedFile::rawPath).toArray(String[]::new);
        Dataset<Row> text = spark.read().schema(textSchema()).options(readerOptions()).csv(paths)
                .withColumn(MetadataColumns.SOURCE_FILE, col("_metadata.file_path"));

        RowChecks checks = new RowChecks(table.name());
        List<RowCheck> rules = new ArrayList<>();
        rules.add(checks.wellFormed(MetadataColumns.CORRUPT_RECORD));
        List<Column> projection = new ArrayList<>();
        for (ColumnConfig column : table.columns()) {
            ColumnType type = column.type();
            Column typed = type.kind() == ColumnType.Kind.STRING
                    ? col(RowChecks.quote(column.name()))
                    : ColumnParsing.typed(column.name(), type.sqlName(), column.format());
            if (column.required()) {
                rules.add(checks.required(column.name()));
            }
            if (type.kind() != ColumnType.Kind.STRING) {
                rules.add(checks.parsesAs(column.name(), typed, ColumnParsing.lossless(column.name(), type.sqlName(), typed),
                        type.sqlName().toLowerCase(java.util.Locale.ROOT), column.format()));
            }
            if (column.min().isPresent() || column.max().isPresent()) {
                rules.add(checks.range(column.name(), typed, column.min(), column.max()));
            }
            column.pattern().ifPresent(regex -> rules.add(checks.pattern(column.name(), regex)));
            if (!column.allowedValues().isEmpty()) {
                rules.add(checks.allowedValues(column.name(), column.allowedValues()));
            }
            projection.add(typed.as(typedName(column.name())));
        }
        Dataset<Row> withFailures = RowValidation.withFailures(text, rules);
        List<Column> all = new ArrayList<>();
        for (String column : table.columnNames()) {
            all.add(col(RowChecks.quote(column)));
        }
        all.addAll(projection);
        all.add(col(MetadataColumns.CORRUPT_RECORD));
        all.add(col(MetadataColumns.SOURCE_FILE));
        all.add(col(RowValidation.FAILURES_COLUMN));
        all.addAll(List.of(metadata));
        Dataset<Row> result = withFailures.select(all.toArray(Column[]::new));
        return result.persist(StorageLevel.MEMORY_AND_DISK());
    }

    private Column[] bronzeColumns() {
        List<Column> columns = new ArrayList<>();
        for (String column : table.columnNames()) {
            columns.add(col(RowChecks.quote(typedName(column))).as(column));
        }
        columns.add(col(MetadataColumns.SOURCE_FILE));
        columns.add(col(MetadataColumns.INGEST_DATE));
        columns.add(col(MetadataColumns.BATCH_ID));
        columns.add(col(MetadataColumns.RUN_ID));
        columns.add(col(MetadataColumns.INGESTED_AT));
        return columns.toArray(Column[]::new);
    }

    private Dataset<Row> quarantineRows(Dataset<Row> validated, List<FileRejection> rejected, Column[] metadata) {
        List<String> rawColumns = table.columnNames();
        Dataset<Row> rows = null;
        if (validated != null) {
            Column rawRecord = coalesce(col(MetadataColumns.CORRUPT_RECORD),
                    to_json(struct(rawColumns.stream().map(c -> col(RowChecks.quote(c))).toArray(Column[]::new))));
            rows = validated.filter(RowValidation.isInvalid()).select(quarantineProjection(rawRecord));
        }
        if (!rejected.isEmpty()) {
            Dataset<Row> files = rejectedFileRows(rejected, metadata);
            rows = rows == null ? files : rows.unionByName(files);
        }
        return rows == null ? spark.createDataFrame(List.of(), quarantineSchema()) : rows;
    }

    private Column[] quarantineProjection(Column rawRecord) {
        List<Column> columns = new ArrayList<>();
        for (String column : table.columnNames()) {
            columns.add(col(RowChecks.quote(column)));
        }
        columns.add(rawRecord.as(MetadataColumns.RAW_RECORD));
        columns.add(col(RowValidation.FAILURES_COLUMN));
        columns.add(col(RowValidation.FAILURES_COLUMN + ".rule_id").as(MetadataColumns.FAILED_RULES));
        columns.add(col(MetadataColumns.SOURCE_FILE));
        columns.add(col(MetadataColumns.INGEST_DATE));
        columns.add(col(MetadataColumns.BATCH_ID));
        columns.add(col(MetadataColumns.RUN_ID));
        columns.add(col(MetadataColumns.INGESTED_AT));
        return columns.toArray(Column[]::new);
    }

    private StructType quarantineSchema() {
        StructType schema = new StructType();
        for (String column : table.columnNames()) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        return schema.add(MetadataColumns.RAW_RECORD, DataTypes.StringType, true)
                .add(RowValidation.FAILURES_COLUMN, DataTypes.createArrayType(DataType.fromDDL(RowValidation.FAILURE_TYPE)), true)
                .add(MetadataColumns.FAILED_RULES, DataTypes.createArrayType(DataTypes.StringType), true)
                .add(MetadataColumns.SOURCE_FILE, DataTypes.StringType, true)
                .add(MetadataColumns.INGEST_DATE, DataTypes.DateType, true)
                .add(MetadataColumns.BATCH_ID, DataTypes.StringType, true)
                .add(MetadataColumns.RUN_ID, DataTypes.StringType, true)
                .add(MetadataColumns.INGESTED_AT, DataTypes.TimestampType, true);
    }

    /** One quarantine row per unreadable file, with the reason as its only failure. */
    private Dataset<Row> rejectedFileRows(List<FileRejection> rejected, Column[] metadata) {
        StructType schema = new StructType()
                .add(MetadataColumns.SOURCE_FILE, DataTypes.StringType, false)
                .add("rule", DataTypes.StringType, false)
                .add("reason", DataTypes.StringType, false);
        List<Row> rows = rejected.stream().map(r -> RowFactory.create(sparkFilePath(r.rawPath()), r.rule(), r.reason())).toList();
        Column ruleId = concat(lit(table.name() + "._file."), col("rule"));
        Column failure = struct(ruleId.as("rule_id"), col("rule").as("rule"), lit("").as("column"),
                lit(null).cast("string").as("value"), col("reason").as("description"));
        List<Column> columns = new ArrayList<>();
        for (String column : table.columnNames()) {
            columns.add(lit(null).cast("string").as(column));
        }
        columns.add(lit(null).cast("string").as(MetadataColumns.RAW_RECORD));
        columns.add(array(failure).as(RowValidation.FAILURES_COLUMN));
        columns.add(array(ruleId).as(MetadataColumns.FAILED_RULES));
        columns.add(col(MetadataColumns.SOURCE_FILE));
        columns.addAll(List.of(metadata));
        return spark.createDataFrame(rows, schema).select(columns.toArray(Column[]::new));
    }

    private Dataset<Row> emptyBronze() {
        return spark.createDataFrame(List.of(), bronzeSchema());
    }

    private StructType bronzeSchema() {
        StructType schema = new StructType();
        for (ColumnConfig column : table.columns()) {
            schema = schema.add(column.name(), DataType.fromDDL(column.type().sqlName()), true);
        }
        return schema.add(MetadataColumns.SOURCE_FILE, DataTypes.StringType, true)
                .add(MetadataColumns.INGEST_DATE, DataTypes.DateType, true)
                .add(MetadataColumns.BATCH_ID, DataTypes.StringType, true)
                .add(MetadataColumns.RUN_ID, DataTypes.StringType, true)
                .add(MetadataColumns.INGESTED_AT, DataTypes.TimestampType, true);
    }

    private long write(Dataset<Row> rows, TableRef target, List<String> partitionBy, String predicate, String batchId) {
        try {
            DeltaTables.replaceWhere(spark, rows, target, partitionBy, predicate);
            return Long.parseLong(DeltaTables.lastCommitMetrics(spark, target).getOrDefault("numOutputRows", "0"));
        } catch (io.medallion.lakehouse.error.MedallionException e) {
            throw e;
        } catch (Exception e) {
            throw Errors.tableWriteFailed(target.display(), batchId, e);
        }
    }

    private Map<String, Long> countByRule(Dataset<Row> validated, List<FileRejection> rejected) {
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
            counts.merge(table.name() + "._file." + file.rule(), 1L, Long::sum);
        }
        return counts;
    }

    private Column[] metadataColumns(BatchContext batch, String batchId) {
        return new Column[] {
            lit(Date.valueOf(batch.ingestDate())).as(MetadataColumns.INGEST_DATE),
            lit(batchId).as(MetadataColumns.BATCH_ID),
            lit(batch.runId()).as(MetadataColumns.RUN_ID),
            lit(Timestamp.from(batch.startedAt())).as(MetadataColumns.INGESTED_AT)
        };
    }

    /** The rows of these files, by the path Spark reports for them, so a rerun replaces instead of adding. */
    private static String replacePredicate(List<LandedFile> files) {
        return MetadataColumns.SOURCE_FILE + " IN (" + files.stream()
                .map(f -> "'" + sparkFilePath(f.rawPath()).replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The form Spark's {@code _metadata.file_path} gives a path: its URI, percent-encoded. */
    static String sparkFilePath(String path) {
        return new org.apache.hadoop.fs.Path(path).toUri().toString();
    }

    private static String typedName(String column) {
        return "__typed_" + column;
    }
}
