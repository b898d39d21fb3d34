package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.medallion.lakehouse.config.TableConfig;
import io.medallion.quality.rows.RowChecks;
import io.medallion.quality.rows.RowValidation;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Checks quarantined rows again with a table's current config: the same typing and row rules
 * {@link BronzeIngest} applies, read from the text quarantine kept of each declared column. Used to
 * replay rows a config fix now lets through. A row the reader could not split keeps failing (its
 * fields were never separated; only a reload of its file can), and whole-file rejections are not
 * rows at all: {@link #isFileRejection} tells them apart.
 *
 * <p>Cost: a projection over the quarantined rows; no shuffle.
 */
public final class QuarantineRevalidation {
    /** The column {@link #validate} adds: true for rows that pass every current rule. */
    public static final String PASSES = "__passes_all_rules";
    /** The column {@link #validate} adds: the ids of the current rules a row fails, empty when it passes. */
    public static final String CURRENT_FAILED_RULES = "__current_failed_rules";

    private final TableConfig table;

    private QuarantineRevalidation(TableConfig table) {
        this.table = table;
    }

    public static QuarantineRevalidation of(TableConfig table) {
        return new QuarantineRevalidation(table);
    }

    /** True for the quarantine rows that stand for a whole rejected file, not a row of one. */
    public Column isFileRejection() {
        String prefix = QuarantineRows.fileRulePrefix(table.name());
        return exists(col(MetadataColumns.FAILED_RULES), rule -> rule.startsWith(prefix));
    }

    /**
     * The quarantine rows with each declared column's typed value, {@link #PASSES} and {@link
     * #CURRENT_FAILED_RULES}. A column declared after the rows were quarantined is null in them, as
     * it is for a file that lacks it.
     */
    public Dataset<Row> validate(Dataset<Row> quarantined) {
        Dataset<Row> input = quarantined;
        List<String> present = Arrays.asList(quarantined.columns());
        for (String column : table.columnNames()) {
            if (!present.contains(column)) {
                input = input.withColumn(column, lit(null).cast(DataTypes.StringType));
            }
        }
        String malformed = new RowChecks(table.name()).wellFormed(MetadataColumns.CORRUPT_RECORD).ruleId();
        input = input.withColumn(MetadataColumns.CORRUPT_RECORD,
                when(array_contains(col(MetadataColumns.FAILED_RULES), malformed), col(MetadataColumns.RAW_RECORD)));
        TableRules rules = TableRules.of(table, input.schema());
        List<Column> columns = new ArrayList<>();
        columns.add(col("*"));
        columns.addAll(List.of(rules.typedValues()));
        Dataset<Row> typed = input.select(columns.toArray(Column[]::new));
        return typed.withColumn(PASSES, RowValidation.passesAll(rules.checks()))
                .withColumn(CURRENT_FAILED_RULES, RowValidation.failures(rules.checks()).getField("rule_id"));
    }

    /**
     * Validated rows as rows of the bronze table: typed declared columns, the rescued data, the file
     * and ingest date they arrived with, and the replay's batch id, run id and time.
     */
    public Dataset<Row> asBronzeRows(Dataset<Row> validated, String batchId, String runId, Timestamp replayedAt) {
        List<Column> columns = new ArrayList<>();
        for (String column : table.columnNames()) {
            columns.add(col(RowChecks.quote(TableRules.typedColumn(column))).as(column));
        }
        columns.add(col(MetadataColumns.RESCUED_DATA));
        columns.add(col(MetadataColumns.SOURCE_FILE));
        columns.add(col(MetadataColumns.INGEST_DATE));
        columns.add(lit(batchId).as(MetadataColumns.BATCH_ID));
        columns.add(lit(runId).as(MetadataColumns.RUN_ID));
        columns.add(lit(replayedAt).as(MetadataColumns.INGESTED_AT));
        return validated.select(columns.toArray(Column[]::new));
    }
}
