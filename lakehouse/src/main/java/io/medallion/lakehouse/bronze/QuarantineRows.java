package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.medallion.lakehouse.config.TableConfig;
import io.medallion.quality.rows.RowChecks;
import io.medallion.quality.rows.RowValidation;
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
    private final SparkSession spark;
    private final TableConfig table;

    QuarantineRows(SparkSession spark, TableConfig table) {
        this.spark = spark;
        this.table = table;
    }

    /** The rows of a validated batch that failed a rule, with the record as the source reader gives it. */
    Dataset<Row> rejectedRows(Dataset<Row> validated, Column rawRecord) {
        List<Column> columns = new ArrayList<>(textColumns());
        columns.add(rawRecord.as(MetadataColumns.RAW_RECORD));
        columns.add(col(MetadataColumns.RESCUED_DATA));
        columns.add(col(RowValidation.FAILURES_COLUMN));
        columns.add(col(RowValidation.FAILURES_COLUMN + ".rule_id").as(MetadataColumns.FAILED_RULES));
        columns.addAll(MetadataColumns.trace());
        return validated.filter(RowValidation.isInvalid()).select(columns.toArray(Column[]::new));
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
        StructType schema = new StructType();
        for (String column : table.columnNames()) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        schema = schema.add(MetadataColumns.RAW_RECORD, DataTypes.StringType, true)
                .add(MetadataColumns.RESCUED_DATA, DataTypes.StringType, true)
                .add(RowValidation.FAILURES_COLUMN, DataTypes.createArrayType(DataType.fromDDL(RowValidation.FAILURE_TYPE)), true)
                .add(MetadataColumns.FAILED_RULES, DataTypes.createArrayType(DataTypes.StringType), true);
        return spark.createDataFrame(List.of(), MetadataColumns.withTrace(schema));
    }

    /** Rule ids of whole-file rejections start with this. */
    String fileRulePrefix() {
        return table.name() + "._file.";
    }

    /** The declared columns as text: quarantine keeps values as they arrived, whatever their type. */
    private List<Column> textColumns() {
        return table.columnNames().stream().map(c -> col(RowChecks.quote(c)).cast("string").as(c)).toList();
    }
}
