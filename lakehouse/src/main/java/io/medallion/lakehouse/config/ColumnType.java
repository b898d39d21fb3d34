package io.medallion.lakehouse.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * A column's declared type, as written in config: {@code string}, {@code int}, {@code long},
 * {@code double}, {@code boolean}, {@code date}, {@code timestamp}, {@code decimal(p,s)};
 * {@code json}, which keeps a nested value as its JSON text; or a nested Spark type such as
 * {@code array<string>} or {@code struct<w:double,h:double>}, which keeps it structured.
 */
public record ColumnType(Kind kind, String sqlName) {
    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    /** The type families Medallion knows. */
    public enum Kind {
        STRING, INT, LONG, DOUBLE, BOOLEAN, DATE, TIMESTAMP, DECIMAL, JSON, NESTED
    }

    public static final String ACCEPTED =
            "string, int, long, double, boolean, date, timestamp, decimal(p,s), json, or a nested type such as array<string>";

    public ColumnType {
        java.util.Objects.requireNonNull(kind, "kind is null");
        java.util.Objects.requireNonNull(sqlName, "sqlName is null");
    }

    public static ColumnType of(Kind kind) {
        return new ColumnType(kind, kind == Kind.JSON ? "STRING" : kind.name());
    }

    public static ColumnType decimal(int precision, int scale) {
        if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
            throw new IllegalArgumentException("decimal precision must be 1..38 and scale 0..precision");
        }
        return new ColumnType(Kind.DECIMAL, "DECIMAL(" + precision + "," + scale + ")");
    }

    /** Parses a config type name, or empty when the name is not one Medallion knows. */
    public static Optional<ColumnType> parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(name);
        if (decimal.matches()) {
            int precision = Integer.parseInt(decimal.group(1));
            int scale = Integer.parseInt(decimal.group(2));
            if (precision < 1 || precision > 38 || scale > precision) {
                return Optional.empty();
            }
            return Optional.of(decimal(precision, scale));
        }
        return switch (name) {
            case "string" -> Optional.of(of(Kind.STRING));
            case "int", "integer" -> Optional.of(of(Kind.INT));
            case "long", "bigint" -> Optional.of(of(Kind.LONG));
            case "double" -> Optional.of(of(Kind.DOUBLE));
            case "boolean" -> Optional.of(of(Kind.BOOLEAN));
            case "date" -> Optional.of(of(Kind.DATE));
            case "timestamp" -> Optional.of(of(Kind.TIMESTAMP));
            case "json" -> Optional.of(of(Kind.JSON));
            default -> nested(text.trim());
        };
    }

    private static Optional<ColumnType> nested(String ddl) {
        String lower = ddl.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("array<") || lower.startsWith("struct<") || lower.startsWith("map<"))) {
            return Optional.empty();
        }
        try {
            DataType type = DataType.fromDDL(ddl);
            if (type instanceof ArrayType || type instanceof StructType || type instanceof MapType) {
                return Optional.of(new ColumnType(Kind.NESTED, type.sql()));
            }
            return Optional.empty();
        } catch (Exception e) { // Spark's parser throws ParseException, a checked exception, without declaring it
            return Optional.empty();
        }
    }

    public boolean isNumeric() {
        return kind == Kind.INT || kind == Kind.LONG || kind == Kind.DOUBLE || kind == Kind.DECIMAL;
    }

    public boolean isTemporal() {
        return kind == Kind.DATE || kind == Kind.TIMESTAMP;
    }

    /** Whether values are kept as text: plain strings, and nested values kept as JSON. */
    public boolean isText() {
        return kind == Kind.STRING || kind == Kind.JSON;
    }
}
