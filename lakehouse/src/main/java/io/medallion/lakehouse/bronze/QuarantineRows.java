package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.medallion.lakehouse.config.TableConfig;
import io.medallion.quality.rows.RowChecks;
import io.medallion.quality.rows.RowValidation;
import io.medallion.quality.rows.RuleVerdicts;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows of {@code quarantine/<table>}: the declared columns as text, exactly as they arrived, the
 * raw record, every failed rule and the trace columns. Rejected rows and rejected whole files share
 * this one schema, so a person queries one table for both.
 */
final class QuarantineRows {
    /** Staged with a failing row: each rule's verdict, in rule order. */
    private static final String FAILED_CHECKS = "_failed_checks";
    /** Staged with a failing row: each rule's offending value as text, in rule order. */
    private static final String OFFENDING_VALUES = "_offending_values";
    private final SparkSession spark;
    private final TableConfig table;

    QuarantineRows(SparkSession spark, TableConfig table) {
        this.spark = spark;
        this.table = table;
    }

    /**
     * What a failing row stages for quarantine, as one struct of {@link #stagedSchema}: the declared
     * columns as text, the reader's raw record, each rule's verdict and offending value (see {@link
     * RuleVerdicts}) and the file. It reads the verdicts the scan computed anyway, so the scan's
     * generated code holds each rule once; {@link #rejectedRows} builds the failures from them.
     */
    Column failingRow(RuleVerdicts verdicts, Column rawRecord) {
        List<Column> fields = new ArrayList<>(textColumns());
        fields.add(rawRecord.as(MetadataColumns.RAW_RECORD));
        fields.add(col(MetadataColumns.RESCUED_DATA));
        fields.add(verdicts.flags().as(FAILED_CHECKS));
        fields.add(verdicts.offendingValues().as(OFFENDING_VALUES));
        fields.add(col(MetadataColumns.SOURCE_FILE));
        return struct(fields.toArray(Column[]::new));
    }

    /** The fields of {@link #failingRow}: text, booleans and arrays of them, which JSON keeps exactly. */
    StructType stagedSchema() {
        return recordSchema()
                .add(FAILED_CHECKS, DataTypes.createArrayType(DataTypes.BooleanType), true)
                .add(OFFENDING_VALUES, DataTypes.createArrayType(DataTypes.StringType), true)
                .add(MetadataColumns.SOURCE_FILE, DataTypes.StringType, true);
    }

    /**
     * Staged failing rows ({@link #stagedSchema}) as quarantine rows of this batch: the failures
     * the verdicts name, and where the reader gave no raw record (a CSV line it could split), the
     * declared columns as JSON, so names stay next to values.
     */
    Dataset<Row> rejectedRows(Dataset<Row> staged, RuleVerdicts verdicts, Column[] batchValues) {
        List<Column> columns = new ArrayList<>();
        List<Column> fields = new ArrayList<>();
        for (String column : table.columnNames()) {
            columns.add(col(RowChecks.quote(column)));
            fields.add(col(RowChecks.quote(column)));
        }
        Column failures = verdicts.failures(col(FAILED_CHECKS), col(OFFENDING_VALUES));
        columns.add(coalesce(col(MetadataColumns.RAW_RECORD), to_json(struct(fields.toArray(Column[]::new)))).as(MetadataColumns.RAW_RECORD));
        columns.add(col(MetadataColumns.RESCUED_DATA));
        columns.add(failures.as(RowValidation.FAILURES_COLUMN));
        columns.add(failures.getField("rule_id").as(MetadataColumns.FAILED_RULES));
        columns.add(col(MetadataColumns.SOURCE_FILE));
        columns.addAll(List.of(batchValues));
        return staged.select(columns.toArray(Column[]::new));
    }

    /** One row per unreadable file, with the reason as its only failure, rule id {@code <table>._file.<rule>}. */
    Dataset<Row> rejectedFiles(List<FileRejection> rejected, Column[] batchValues) {
        StructType schema = new StructType()
                .add(MetadataColumns.SOURCE_FILE, DataTypes.StringType, false)
                .add("rule", DataTypes.StringType, false)
                .add("reason", DataTypes.StringType, false);
        List<Row> rows = rejected.stream().map(r -> RowFactory.create(BronzeIngest.sparkFilePath(r.rawPath()), r.rule(), r.reason())).toList();
        Column ruleId = concat(lit(fileRulePrefix()), col("rule"));
        Column failure = struct(ruleId.as("rule_id"), col("rule").as("rule"), lit("").as("column"),
                lit(null).cast("string").as("value"), col("reason").as("description"));
        List<Column> columns = new ArrayList<>();
        for (String column : table.columnNames()) {
            columns.add(lit(null).cast("string").as(column));
        }
        columns.add(lit(null).cast("string").as(MetadataColumns.RAW_RECORD));
        columns.add(lit(null).cast("string").as(MetadataColumns.RESCUED_DATA));
        columns.add(array(failure).as(RowValidation.FAILURES_COLUMN));
        columns.add(array(ruleId).as(MetadataColumns.FAILED_RULES));
        columns.add(col(MetadataColumns.SOURCE_FILE));
        columns.addAll(List.of(batchValues));
        return spark.createDataFrame(rows, schema).select(columns.toArray(Column[]::new));
    }

    Dataset<Row> empty() {
        StructType schema = textSchema().add(MetadataColumns.FAILED_RULES, DataTypes.createArrayType(DataTypes.StringType), true);
        return spark.createDataFrame(List.of(), MetadataColumns.withTrace(schema));
    }

    /** The declared columns as text, the raw record and the failures: the leading columns of every quarantine row. */
    private StructType textSchema() {
        return recordSchema()
                .add(RowValidation.FAILURES_COLUMN, DataTypes.createArrayType(DataType.fromDDL(RowValidation.FAILURE_TYPE)), true);
    }

    /** The record as it arrived: the declared columns as text, the raw record and the rescued data. */
    private StructType recordSchema() {
        StructType schema = new StructType();
        for (String column : table.columnNames()) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        return schema.add(MetadataColumns.RAW_RECORD, DataTypes.StringType, true)
                .add(MetadataColumns.RESCUED_DATA, DataTypes.StringType, true);
    }

    /** Rule ids of whole-file rejections start with this. */
    String fileRulePrefix() {
        return fileRulePrefix(table.name());
    }

    static String fileRulePrefix(String table) {
        return table + "._file.";
    }

    /** The declared columns as text: quarantine keeps values as they arrived, whatever their type. */
    private List<Column> textColumns() {
        return table.columnNames().stream().map(c -> col(RowChecks.quote(c)).cast("string").as(c)).toList();
    }
}
