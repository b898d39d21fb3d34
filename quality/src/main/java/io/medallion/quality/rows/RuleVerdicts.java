package io.medallion.quality.rows;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * A table's row rules evaluated once per row, for scans where nearly every row passes: each rule's
 * verdict becomes a boolean column of its own ({@link #addTo}), which both {@link #passesAll} and
 * the failing rows' {@link #flags} read, and the failures themselves (rule id, description, value)
 * are built later, from the flags, for the failing rows only ({@link #failures}).
 *
 * <p>Why: Spark compiles a whole scan into one Java method, and the JVM's JIT leaves a method longer
 * than 8,000 bytes of bytecode to the interpreter. Writing each rule once, and the failure structs
 * outside the scan, keeps a table's validation out of the interpreter: evaluating the rules twice
 * (once for the verdict, once for the failures) made the 11-column sales scan's method 9,378 bytes
 * and its tasks a third slower.
 */
public final class RuleVerdicts {
    private final List<RowCheck> checks;

    public RuleVerdicts(List<RowCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The rules' ids, in rule order: what a failing row's failures name. */
    public List<String> ruleIds() {
        return checks.stream().map(RowCheck::ruleId).toList();
    }

    /** {@code rows} with each rule's verdict, true where the row broke it (never null), as column {@code __fails_<i>}. */
    public Dataset<Row> addTo(Dataset<Row> rows) {
        List<Column> columns = new ArrayList<>();
        columns.add(col("*"));
        for (int i = 0; i < checks.size(); i++) {
            columns.add(coalesce(checks.get(i).failsWhen(), lit(false)).as(verdictColumn(i)));
        }
        return rows.select(columns.toArray(Column[]::new));
    }

    /** True for rows that broke no rule, from the columns {@link #addTo} adds. */
    public Column passesAll() {
        Column anyFailed = lit(false);
        for (int i = 0; i < checks.size(); i++) {
            anyFailed = anyFailed.or(col(verdictColumn(i)));
        }
        return not(anyFailed);
    }

    /** The verdict columns as one array, in rule order, to keep with a failing row. */
    public Column flags() {
        List<Column> flags = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            flags.add(col(verdictColumn(i)));
        }
        return flags.isEmpty() ? lit(null).cast("array<boolean>") : array(flags.toArray(Column[]::new));
    }

    /** Each rule's offending value as text, in rule order, to keep with a failing row beside its {@link #flags}. */
    public Column offendingValues() {
        List<Column> values = checks.stream().map(c -> c.offendingValue().cast(DataTypes.StringType)).toList();
        return values.isEmpty() ? lit(null).cast("array<string>") : array(values.toArray(Column[]::new));
    }

    /**
     * The failures array ({@link RowValidation#FAILURES_COLUMN}) of a row kept with its {@link #flags}
     * and {@link #offendingValues}: the same array {@link RowValidation#failures} gives.
     */
    public Column failures(Column flags, Column offendingValues) {
        List<Column> slots = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            slots.add(when(flags.getItem(i), RowValidation.failure(checks.get(i), offendingValues.getItem(i))));
        }
        return RowValidation.withoutGaps(slots.isEmpty() ? array(lit(null).cast(RowValidation.FAILURE_TYPE)) : array(slots.toArray(Column[]::new)));
    }

    private static String verdictColumn(int index) {
        return "__fails_" + index;
    }
}
