package io.medallion.quality.rows;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;

/**
 * Builds the row rules Medallion supports. Every rule reads a raw (string) column as it arrived and,
 * where it needs one, the typed value from {@link ColumnParsing}; all rules of a table are evaluated
 * together in one projection by {@link RowValidation}.
 */
public final class RowChecks {
    private final String table;

    /** @param table the table name, the first part of every rule id */
    public RowChecks(String table) {
        this.table = table;
    }

    /** Fails rows where the column is missing, null or blank. */
    public RowCheck required(String column) {
        Column raw = col(quote(column));
        return new RowCheck(id(column, "required"), "required", column,
                raw.isNull().or(trim(raw.cast("string")).equalTo(lit(""))), raw, column + " is required");
    }

    /**
     * Fails rows whose value is present but does not parse as {@code typed}, or parses only by losing
     * digits (a decimal with more places than its scale); {@code typeName} and {@code format} only
     * shape the message.
     */
    public RowCheck parsesAs(String column, Column typed, Column lossless, String typeName, Optional<String> format) {
        Column raw = col(quote(column));
        Column present = raw.isNotNull().and(trim(raw.cast("string")).notEqual(lit("")));
        String expected = format.map(f -> typeName + " in format " + f).orElse(typeName);
        return new RowCheck(id(column, "type"), "type", column,
                present.and(typed.isNull().or(lossless.equalTo(lit(false)))), raw,
                column + " must be a " + expected);
    }

    /** Fails rows whose typed value lies outside [min, max] (either bound optional). */
    public RowCheck range(String column, Column typed, Optional<BigDecimal> min, Optional<BigDecimal> max) {
        Column below = min.map(m -> typed.lt(lit(m))).orElse(lit(false));
        Column above = max.map(m -> typed.gt(lit(m))).orElse(lit(false));
        String bounds = min.isPresent() && max.isPresent()
                ? "between " + min.get().toPlainString() + " and " + max.get().toPlainString()
                : min.map(m -> "at least " + m.toPlainString()).orElseGet(() -> "at most " + max.orElseThrow().toPlainString());
        return new RowCheck(id(column, "range"), "range", column, below.or(above), col(quote(column)),
                column + " must be " + bounds);
    }

    /** Fails rows whose value does not match the whole regular expression. */
    public RowCheck pattern(String column, String regex) {
        Column raw = col(quote(column));
        return new RowCheck(id(column, "pattern"), "pattern", column,
                raw.isNotNull().and(raw.cast("string").rlike("^(?:" + regex + ")$").equalTo(lit(false))), raw,
                column + " must match " + regex);
    }

    /** Fails rows whose value is present and not one of {@code allowed} (exact, case-sensitive). */
    public RowCheck allowedValues(String column, List<String> allowed) {
        Column raw = col(quote(column));
        return new RowCheck(id(column, "allowed_values"), "allowed_values", column,
                raw.isNotNull().and(raw.cast("string").isin(allowed.toArray()).equalTo(lit(false))), raw,
                column + " must be one of " + String.join(", ", allowed));
    }

    /** Fails rows the reader could not split into the declared columns (the reader's corrupt-record column is set). */
    public RowCheck wellFormed(String corruptRecordColumn) {
        Column corrupt = col(quote(corruptRecordColumn));
        return new RowCheck(table + "._record.malformed_record", "malformed_record", "",
                corrupt.isNotNull(), corrupt, "the record must have exactly the declared columns");
    }

    private String id(String column, String rule) {
        return table + "." + column + "." + rule;
    }

    /** Backtick-quotes a column name so names with dots or spaces resolve as one column. */
    public static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
