package io.medallion.quality.rows;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Optional;
import org.apache.spark.sql.Column;

/**
 * Turns a raw string column into its declared type without ever failing the query: a value that
 * does not parse becomes null here, and {@link RowChecks#parsesAs} turns that null into a quarantine
 * reason, so no value is silently nulled. Uses {@code try_cast} and {@code try_to_timestamp}, which
 * behave the same with ANSI mode on or off.
 */
public final class ColumnParsing {
    private ColumnParsing() {}

    /**
     * The typed value of {@code column}.
     *
     * @param sqlType Spark SQL type name, e.g. {@code INT}, {@code DECIMAL(10,2)}, {@code TIMESTAMP}
     * @param format datetime pattern for DATE and TIMESTAMP columns; without one, ISO formats are read
     */
    public static Column typed(String column, String sqlType, Optional<String> format) {
        String quoted = RowChecks.quote(column);
        if (format.isPresent() && (sqlType.equals("TIMESTAMP") || sqlType.equals("DATE"))) {
            Column parsed = call_function("try_to_timestamp", expr(quoted), lit(format.get()));
            return sqlType.equals("DATE") ? parsed.cast("date") : parsed;
        }
        return expr("try_cast(" + quoted + " AS " + sqlType + ")");
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
