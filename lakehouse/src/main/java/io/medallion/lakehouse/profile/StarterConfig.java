package io.medallion.lakehouse.profile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a profile as a table block in the pipeline config format, ready to paste under
 * {@code bronze:}: {@code source}, {@code columns:} with their rules and {@code checks:} in the
 * quality-gate format, each entry on one line in YAML flow style.
 */
public final class StarterConfig {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** Words YAML 1.1 or 1.2 read as booleans or null: quoted so they stay text. */
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

    private StarterConfig() {}

    /** The block of table {@code table} loading source {@code source}, with a comment saying where it came from. */
    public static String yaml(TableProfile profile, String table, String source) {
        StringBuilder text = new StringBuilder();
        text.append("# Starter config from `medallion profile` of ").append(profile.subject()).append(" (").append(profile.rows())
                .append(" rows).\n");
        text.append("# Types, required, allowed values and bounds describe these rows only: review them before use.\n");
        text.append("bronze:\n");
        text.append("  ").append(scalar(table)).append(":\n");
        text.append("    source: ").append(scalar(source)).append('\n');
        text.append("    columns:\n");
        for (ColumnSuggestion column : profile.columns()) {
            List<String> fields = new ArrayList<>();
            fields.add("name: " + scalar(column.name()));
            fields.add("type: " + scalar(column.type()));
            if (column.required()) {
                fields.add("required: true");
            }
            column.format().ifPresent(format -> fields.add("format: " + scalar(format)));
            column.min().ifPresent(min -> fields.add("min: " + min.toPlainString()));
            if (!column.allowed().isEmpty()) {
                fields.add("allowed: " + list(column.allowed()));
            }
            text.append("      - {").append(String.join(", ", fields)).append("}\n");
        }
        text.append("    checks:\n");
        for (CheckSuggestion check : profile.checks()) {
            List<String> fields = new ArrayList<>();
            fields.add("type: " + check.type());
            check.column().ifPresent(column -> fields.add("column: " + scalar(column)));
            if (!check.values().isEmpty()) {
                fields.add("values: " + list(check.values()));
            }
            check.min().ifPresent(min -> fields.add("min: " + min.toPlainString()));
            check.max().ifPresent(max -> fields.add("max: " + max.toPlainString()));
            check.threshold().ifPresent(threshold -> fields.add("threshold: " + threshold(threshold)));
            if (!"error".equals(check.level())) {
                fields.add("level: " + check.level());
            }
            text.append("      - {").append(String.join(", ", fields)).append("}\n");
        }
        return text.toString();
    }

    private static String list(List<String> values) {
        return "[" + String.join(", ", values.stream().map(StarterConfig::scalar).toList()) + "]";
    }

    private static String threshold(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString().replaceFirst("^1$", "1.0").replaceFirst("^0$", "0.0");
    }

    /** A YAML scalar: plain when it reads back as the same text, else double-quoted with escapes. */
    static String scalar(String value) {
        if (PLAIN.matcher(value).matches() && !RESERVED.contains(value.toLowerCase(Locale.ROOT))) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
