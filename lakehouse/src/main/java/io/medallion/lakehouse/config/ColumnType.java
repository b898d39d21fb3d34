package io.medallion.lakehouse.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's declared type, as written in config: {@code string}, {@code int}, {@code long},
 * {@code double}, {@code boolean}, {@code date}, {@code timestamp} or {@code decimal(p,s)}.
 */
public record ColumnType(Kind kind, int precision, int scale) {
    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    /** The type families Medallion knows. */
    public enum Kind {
        STRING, INT, LONG, DOUBLE, BOOLEAN, DATE, TIMESTAMP, DECIMAL
    }

    public static final String ACCEPTED = "string, int, long, double, boolean, date, timestamp or decimal(p,s)";

    public ColumnType {
        if (kind == Kind.DECIMAL && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
            throw new IllegalArgumentException("decimal precision must be 1..38 and scale 0..precision");
        }
    }

    public static ColumnType of(Kind kind) {
        return new ColumnType(kind, 0, 0);
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
            return Optional.of(new ColumnType(Kind.DECIMAL, precision, scale));
        }
        return switch (name) {
            case "string" -> Optional.of(of(Kind.STRING));
            case "int", "integer" -> Optional.of(of(Kind.INT));
            case "long", "bigint" -> Optional.of(of(Kind.LONG));
            case "double" -> Optional.of(of(Kind.DOUBLE));
            case "boolean" -> Optional.of(of(Kind.BOOLEAN));
            case "date" -> Optional.of(of(Kind.DATE));
            case "timestamp" -> Optional.of(of(Kind.TIMESTAMP));
            default -> Optional.empty();
        };
    }

    /** The Spark SQL name of the type, for {@code CAST} and DDL. */
    public String sqlName() {
        return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
    }

    public boolean isNumeric() {
        return kind == Kind.INT || kind == Kind.LONG || kind == Kind.DOUBLE || kind == Kind.DECIMAL;
    }

    public boolean isTemporal() {
        return kind == Kind.DATE || kind == Kind.TIMESTAMP;
    }
}
