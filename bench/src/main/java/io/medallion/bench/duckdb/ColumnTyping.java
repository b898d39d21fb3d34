package io.medallion.bench.duckdb;

import io.medallion.lakehouse.config.ColumnConfig;
import io.medallion.lakehouse.config.ColumnType;
import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.error.MedallionException;

/**
 * DuckDB expressions turning a column's text into its declared type the way Medallion's Spark
 * parsing ({@code try_cast}, {@code try_to_timestamp}) does: NULL where Spark gives null, never an
 * error. DuckDB's own {@code TRY_CAST} accepts more than Spark, and silently: {@code 1.5} as an
 * INTEGER becomes 2, {@code 1e3}, {@code 0x10} and {@code 1_000} become numbers. So integers and
 * decimals are cast only when their text has the shape Spark accepts (Spark trims every character
 * up to the space, as {@code [\x00-\x20]} here), booleans are read from Spark's own word list, and
 * dates and timestamps with a format go through {@link StrptimeFormat}. Cost: one regular-expression
 * match per non-string value.
 *
 * <p>Known differences left: a DOUBLE in Java-only syntax ({@code 1d}, {@code 1f}, {@code 0x1p3})
 * parses in Spark and not here; a DATE or TIMESTAMP without a format uses DuckDB's ISO reading.
 */
final class ColumnTyping {
    private static final String SPACE = "[\\x00-\\x20]*";
    private static final String INTEGER_SHAPE = SPACE + "[+-]?[0-9]+" + SPACE;
    /** What {@code java.math.BigDecimal} reads, which is what Spark's decimal cast uses. */
    private static final String DECIMAL_SHAPE = SPACE + "[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?" + SPACE;
    private static final String TRUE_WORDS = "'t', 'true', 'y', 'yes', '1'";
    private static final String FALSE_WORDS = "'f', 'false', 'n', 'no', '0'";

    private ColumnTyping() {}

    /**
     * The typed value of {@code column}, read from the text expression {@code text}.
     *
     * @throws MedallionException for a nested type (array, struct, map), which the DuckDB alternative does not
     *     parse, and for a datetime format {@link StrptimeFormat} cannot translate
     */
    static String typed(ColumnConfig column, String text) {
        ColumnType type = column.type();
        return switch (type.kind()) {
            // A json column keeps its text, as in Medallion.
            case STRING, JSON -> text;
            case INT -> castIfShaped(text, INTEGER_SHAPE, "INTEGER");
            case LONG -> castIfShaped(text, INTEGER_SHAPE, "BIGINT");
            // Spark and DuckDB both write DECIMAL(p,s).
            case DECIMAL -> castIfShaped(text, DECIMAL_SHAPE, type.sqlName());
            // DuckDB also reads 1_000; Spark does not.
            case DOUBLE -> "CASE WHEN NOT contains(" + text + ", '_') THEN TRY_CAST(" + text + " AS DOUBLE) END";
            case BOOLEAN -> {
                String word = "lower(regexp_replace(" + text + ", " + SqlText.literal("^" + SPACE + "|" + SPACE + "$") + ", '', 'g'))";
                yield "CASE WHEN " + word + " IN (" + TRUE_WORDS + ") THEN true WHEN " + word + " IN (" + FALSE_WORDS + ") THEN false END";
            }
            case TIMESTAMP -> column.format().map(f -> strptime(column, f).parse(text))
                    .orElse("TRY_CAST(" + text + " AS TIMESTAMP)");
            case DATE -> column.format().map(f -> "CAST(" + strptime(column, f).parse(text) + " AS DATE)")
                    .orElse("TRY_CAST(" + text + " AS DATE)");
            case NESTED -> throw Errors.badUsage("Column " + column.name() + " has the nested type " + type.sqlName()
                    + ", which the DuckDB alternative does not parse from CSV text; compare a table without nested columns.");
        };
    }

    /**
     * False where the typed value kept fewer digits than the text had (a decimal with more places than
     * its scale, which the cast rounds), as Medallion's check: the text cast to DECIMAL(38,18) must
     * equal the typed value. True for every other type, and where the wide cast fails.
     */
    static String lossless(ColumnConfig column, String text, String typedValue) {
        if (column.type().kind() != ColumnType.Kind.DECIMAL) {
            return "true";
        }
        return "coalesce(TRY_CAST(" + text + " AS DECIMAL(38,18)) = " + typedValue + ", true)";
    }

    private static StrptimeFormat strptime(ColumnConfig column, String format) {
        try {
            return StrptimeFormat.fromSparkPattern(format);
        } catch (IllegalArgumentException e) {
            throw Errors.badUsage("Column " + column.name() + ": " + e.getMessage() + ".");
        }
    }

    private static String castIfShaped(String text, String shape, String sqlType) {
        return "CASE WHEN regexp_full_match(" + text + ", " + SqlText.literal(shape) + ") THEN TRY_CAST(" + text + " AS " + sqlType + ") END";
    }
}
