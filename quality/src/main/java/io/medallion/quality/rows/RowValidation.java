package io.medallion.quality.rows;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Evaluates all row rules of a table in one projection: each row gets a {@code _failures} array
 * listing every rule it broke (rule id, rule, column, offending value, description), empty when it
 * passed. Valid and quarantined rows are then two filters over the same rows, so the input is read
 * once. Cost: one extra column per row; no shuffle.
 */
public final class RowValidation {
    /** The array of failed rules every validated row carries. */
    public static final String FAILURES_COLUMN = "_failures";

    /** The type of one failure in {@link #FAILURES_COLUMN}. */
    public static final String FAILURE_TYPE = "struct<rule_id:string,rule:string,column:string,value:string,description:string>";

    private RowValidation() {}

    public static Dataset<Row> withFailures(Dataset<Row> rows, List<RowCheck> checks) {
        return rows.withColumn(FAILURES_COLUMN, failures(checks));
    }

    /**
     * The array of every rule a row broke, as {@link #FAILURES_COLUMN} holds it. It builds one struct
     * per broken rule, so where most rows pass, evaluate it only for rows {@link #passesAll} rejects.
     */
    public static Column failures(List<RowCheck> checks) {
        return withoutGaps(failureSlots(checks));
    }

    /** One slot per rule, holding the rule's failure or null where the row passed it. */
    private static Column failureSlots(List<RowCheck> checks) {
        Column[] failures = checks.stream().map(RowValidation::failureOf).toArray(Column[]::new);
        // With no rules the array still needs the failure struct type, so quarantine tables keep one schema.
        return failures.length == 0 ? array(lit(null).cast(FAILURE_TYPE)) : array(failures);
    }

    /** {@code failureSlots} without its empty slots: the failures, in rule order. */
    public static Column withoutGaps(Column failureSlots) {
        return array_compact(failureSlots);
    }

    /**
     * True for rows that broke no rule, false otherwise (never null): the same verdict as an empty
     * {@link #failures} array, at the cost of a few boolean operations instead of an array per row.
     */
    public static Column passesAll(List<RowCheck> checks) {
        Column anyFailed = lit(false);
        for (RowCheck check : checks) {
            anyFailed = anyFailed.or(coalesce(check.failsWhen(), lit(false)));
        }
        return not(anyFailed);
    }

    /** Rows that broke no rule. The failures array is never null, so every row is either valid or invalid. */
    public static Column isValid() {
        return size(col(FAILURES_COLUMN)).equalTo(lit(0));
    }

    public static Column isInvalid() {
        return size(col(FAILURES_COLUMN)).gt(lit(0));
    }

    private static Column failureOf(RowCheck check) {
        return when(check.failsWhen(), failure(check, check.offendingValue()));
    }

    /** One failure of {@link #FAILURE_TYPE}: the rule's id, kind, column and description, and the value that broke it. */
    static Column failure(RowCheck check, Column offendingValue) {
        return struct(
                lit(check.ruleId()).as("rule_id"),
                lit(check.rule()).as("rule"),
                lit(check.column()).as("column"),
                offendingValue.cast("string").as("value"),
                lit(check.description()).as("description"));
    }
}
