package io.medallion.lakehouse.state;

import io.medallion.lakehouse.config.ColumnType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;

/**
 * Whether a watermark key value typed by a person converts to its key column's declared type. The
 * extract sends it to the database as a text literal, which the database converts: a value it cannot
 * convert fails every later run with the database's own error, far from the command that saved it.
 * The forms accepted are the ones an extract itself saves (see JdbcExtract#nextWatermark).
 */
final class KeyValueTypes {
    private KeyValueTypes() {}

    static boolean converts(String value, ColumnType type) {
        try {
            return switch (type.kind()) {
                case INT -> {
                    Integer.parseInt(value);
                    yield true;
                }
                case LONG -> {
                    Long.parseLong(value);
                    yield true;
                }
                case DOUBLE -> Double.isFinite(Double.parseDouble(value));
                case DECIMAL -> fitsDecimal(new BigDecimal(value), (DecimalType) DataType.fromDDL(type.sqlName()));
                case BOOLEAN -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
                case DATE -> {
                    LocalDate.parse(value);
                    yield true;
                }
                // java.sql.Timestamp's text (2026-01-05 10:00:00.0), as an extract saves it, or ISO's.
                case TIMESTAMP -> {
                    LocalDateTime.parse(value.replace(' ', 'T'));
                    yield true;
                }
                case STRING, JSON, NESTED -> true;
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            return false;
        }
    }

    /** Spark's and the database's decimal(p,s): at most s fraction digits and p - s integer digits. */
    private static boolean fitsDecimal(BigDecimal value, DecimalType type) {
        BigDecimal stripped = value.stripTrailingZeros();
        int fractionDigits = Math.max(stripped.scale(), 0);
        int integerDigits = value.signum() == 0 ? 0 : Math.max(stripped.precision() - stripped.scale(), 0);
        return fractionDigits <= type.scale() && integerDigits <= type.precision() - type.scale();
    }

    /** The type as the config writes it: long, decimal(10,2). */
    static String configName(ColumnType type) {
        return type.sqlName().toLowerCase(Locale.ROOT);
    }
}
