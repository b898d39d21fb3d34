package io.medallion.quality.suite;

import static java.util.Objects.requireNonNull;

import io.medallion.quality.gate.CheckLevel;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One check of a table's {@code checks:} list, as validated config: what the gate measures on every
 * batch of the table and the bound it must meet. Every check has an id unique within its table, a
 * level (an {@code error} failure keeps the batch out of the table, a {@code warning} is reported)
 * and an optional description. A {@code threshold} is always the least share of rows, in [0, 1],
 * that must meet the check; it defaults to 1.0.
 */
public sealed interface CheckConfig {
    String id();

    CheckLevel level();

    Optional<String> description();

    CheckType type();

    /** What the check looks at, for people: columns, an expression, a referenced table. */
    String target();

    /**
     * Share of rows whose {@code columns}, taken together, hold values no other row of the batch holds
     * (Deequ's Uniqueness: both rows of a duplicate pair count as not unique, so one pair in five rows gives 0.6).
     */
    record Uniqueness(String id, CheckLevel level, Optional<String> description, List<String> columns, double threshold)
            implements CheckConfig {
        public Uniqueness {
            requireHeader(id, level, description);
            columns = List.copyOf(columns);
        }

        @Override
        public CheckType type() {
            return CheckType.UNIQUENESS;
        }

        @Override
        public String target() {
            return String.join(", ", columns);
        }
    }

    /** Share of rows where {@code column} is not null. */
    record Completeness(String id, CheckLevel level, Optional<String> description, String column, double threshold)
            implements CheckConfig {
        public Completeness {
            requireHeader(id, level, description);
            requireNonNull(column, "column is null");
        }

        @Override
        public CheckType type() {
            return CheckType.COMPLETENESS;
        }

        @Override
        public String target() {
            return column;
        }
    }

    /** Share of rows whose {@code column} is null or one of {@code values}. */
    record AllowedValues(String id, CheckLevel level, Optional<String> description, String column, List<String> values, double threshold)
            implements CheckConfig {
        public AllowedValues {
            requireHeader(id, level, description);
            requireNonNull(column, "column is null");
            values = List.copyOf(values);
        }

        @Override
        public CheckType type() {
            return CheckType.ALLOWED_VALUES;
        }

        @Override
        public String target() {
            return column;
        }
    }

    /** Share of the non-null values of {@code column} that match the regular expression {@code pattern} as a whole (nulls are completeness's business). */
    record Pattern(String id, CheckLevel level, Optional<String> description, String column, String pattern, double threshold)
            implements CheckConfig {
        public Pattern {
            requireHeader(id, level, description);
            requireNonNull(column, "column is null");
            requireNonNull(pattern, "pattern is null");
        }

        @Override
        public CheckType type() {
            return CheckType.PATTERN;
        }

        @Override
        public String target() {
            return column;
        }
    }

    /** The smallest value of {@code column} in the batch is at least {@code min}, its largest at most {@code max}. */
    record Range(String id, CheckLevel level, Optional<String> description, String column, Optional<BigDecimal> min, Optional<BigDecimal> max)
            implements CheckConfig {
        public Range {
            requireHeader(id, level, description);
            requireNonNull(column, "column is null");
            requireNonNull(min, "min is null");
            requireNonNull(max, "max is null");
        }

        @Override
        public CheckType type() {
            return CheckType.RANGE;
        }

        @Override
        public String target() {
            return column;
        }
    }

    /** The batch has at least {@code min} and at most {@code max} rows. */
    record Size(String id, CheckLevel level, Optional<String> description, OptionalLong min, OptionalLong max) implements CheckConfig {
        public Size {
            requireHeader(id, level, description);
            requireNonNull(min, "min is null");
            requireNonNull(max, "max is null");
        }

        @Override
        public CheckType type() {
            return CheckType.SIZE;
        }

        @Override
        public String target() {
            return "rows";
        }
    }

    /** Share of rows for which the Spark SQL boolean {@code expression} is true. */
    record Sql(String id, CheckLevel level, Optional<String> description, String expression, double threshold) implements CheckConfig {
        public Sql {
            requireHeader(id, level, description);
            requireNonNull(expression, "expression is null");
        }

        @Override
        public CheckType type() {
            return CheckType.SQL;
        }

        @Override
        public String target() {
            return expression;
        }
    }

    /** The newest value of the date or timestamp {@code column} is at most {@code maxAge} older than the batch time. */
    record Freshness(String id, CheckLevel level, Optional<String> description, String column, Duration maxAge) implements CheckConfig {
        public Freshness {
            requireHeader(id, level, description);
            requireNonNull(column, "column is null");
            requireNonNull(maxAge, "maxAge is null");
        }

        @Override
        public CheckType type() {
            return CheckType.FRESHNESS;
        }

        @Override
        public String target() {
            return column;
        }
    }

    /** Rows in the batch divided by the records its source delivered is at least {@code threshold}. */
    record Reconciliation(String id, CheckLevel level, Optional<String> description, double threshold) implements CheckConfig {
        public Reconciliation {
            requireHeader(id, level, description);
        }

        @Override
        public CheckType type() {
            return CheckType.RECONCILIATION;
        }

        @Override
        public String target() {
            return "source records";
        }
    }

    /**
     * Share of rows whose {@code columns} are found among the {@code keys} of the referenced {@code table}
     * (a qualified name such as {@code bronze.products}); a row with a null in {@code columns} counts as found.
     */
    record References(String id, CheckLevel level, Optional<String> description, List<String> columns, String table, List<String> keys,
            double threshold) implements CheckConfig {
        public References {
            requireHeader(id, level, description);
            columns = List.copyOf(columns);
            requireNonNull(table, "table is null");
            keys = List.copyOf(keys);
            if (columns.size() != keys.size()) {
                throw new IllegalArgumentException("references " + table + ": " + columns.size() + " columns but " + keys.size() + " keys");
            }
        }

        @Override
        public CheckType type() {
            return CheckType.REFERENCES;
        }

        @Override
        public String target() {
            return String.join(", ", columns) + " -> " + table + "(" + String.join(", ", keys) + ")";
        }
    }

    /**
     * The batch's {@code metric} (of {@code column}, for column metrics) changed from the previous
     * batch of the table by no more than {@code maxDecrease} down and {@code maxIncrease} up; see
     * {@link AnomalyMetric} for whether the bounds are relative or absolute.
     */
    record Anomaly(String id, CheckLevel level, Optional<String> description, AnomalyMetric metric, Optional<String> column,
            OptionalDouble maxDecrease, OptionalDouble maxIncrease) implements CheckConfig {
        public Anomaly {
            requireHeader(id, level, description);
            requireNonNull(metric, "metric is null");
            requireNonNull(column, "column is null");
            requireNonNull(maxDecrease, "maxDecrease is null");
            requireNonNull(maxIncrease, "maxIncrease is null");
        }

        @Override
        public CheckType type() {
            return CheckType.ANOMALY;
        }

        @Override
        public String target() {
            return metric.key() + column.map(c -> " of " + c).orElse("");
        }
    }

    private static void requireHeader(String id, CheckLevel level, Optional<String> description) {
        requireNonNull(id, "id is null");
        requireNonNull(level, "level is null");
        requireNonNull(description, "description is null");
    }
}
