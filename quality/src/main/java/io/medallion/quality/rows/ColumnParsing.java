package io.medallion.quality.rows;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;

/**
 * Turns a raw string column into its declared type without ever failing the query: a value that
 * does not parse becomes null here, and {@link RowChecks#parsesAs} turns that null into a quarantine
 * reason, so no value is silently nulled. Uses {@code try_cast} and {@code try_to_timestamp}, which
 * behave the same with ANSI mode on or off.
 */
public final class ColumnParsing {
    private ColumnParsing() {}

    /**
     * The typed value of a text column.
     *
     * @param sqlType Spark SQL type name, e.g. {@code INT}, {@code DECIMAL(10,2)}, {@code TIMESTAMP}
     * @param format datetime pattern for DATE and TIMESTAMP columns; without one, ISO formats are read
     */
    public static Column parseText(String column, String sqlType, Optional<String> format) {
        String quoted = RowChecks.quote(column);
        if (format.isPresent() && (sqlType.equals("TIMESTAMP") || sqlType.equals("DATE"))) {
            Column parsed = call_function("try_to_timestamp", expr(quoted), lit(format.get()));
            return sqlType.equals("DATE") ? parsed.cast("date") : parsed;
        }
        return convert(column, sqlType);
    }

    /** The structured value of a column holding JSON text, such as an array or object kept from a JSON source. */
    public static Column parseJsonText(String column, DataType type) {
        return from_json(col(RowChecks.quote(column)), type, Map.of("mode", "PERMISSIVE"));
    }

    /** A column of another type (a Parquet or Avro value) converted to {@code sqlType}; null where it does not convert. */
    public static Column convert(String column, String sqlType) {
        return expr("try_cast(" + RowChecks.quote(column) + " AS " + sqlType + ")");
    }

    /**
     * False where the typed value kept fewer digits than the raw text had: a DECIMAL column's value
     * with more decimal places than its scale would otherwise be rounded without a word. True (or
     * null, for absent values) everywhere else.
     */
    public static Column lossless(String column, String sqlType, Column typed) {
        if (!sqlType.startsWith("DECIMAL")) {
            return lit(true);
        }
        Column exact = expr("try_cast(" + RowChecks.quote(column) + " AS DECIMAL(38,18))");
        return when(exact.isNull(), lit(true)).otherwise(exact.equalTo(typed));
    }
}
