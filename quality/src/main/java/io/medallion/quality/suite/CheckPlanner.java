package io.medallion.quality.suite;

import static io.medallion.quality.interop.ScalaInterop.assertion;
import static io.medallion.quality.interop.ScalaInterop.immutableList;
import static io.medallion.quality.interop.ScalaInterop.none;
import static io.medallion.quality.interop.ScalaInterop.seq;
import static io.medallion.quality.interop.ScalaInterop.some;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.EmptyStateException;
import com.amazon.deequ.anomalydetection.AbsoluteChangeStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel$;
import com.amazon.deequ.constraints.Constraint;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus$;
import io.medallion.quality.gate.BatchFacts;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.gate.CheckOutcome;
import io.medallion.quality.gate.CheckStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.util.matching.Regex;

/**
 * Turns each configured check into Deequ constraints for one batch, and their results back into a
 * {@link CheckOutcome} with the measured value and the threshold as people read them. Checks Deequ
 * has no constraint for are built on its primitives: freshness is a {@code Maximum} over an epoch
 * seconds column, references a {@code Compliance} over a left join with the referenced keys.
 */
final class CheckPlanner {
    /** Prefix of the columns checks add to the batch for Deequ to measure; never written to a table. */
    static final String DERIVED_PREFIX = "__check_";

    private final BatchFacts facts;
    private final Function<String, Optional<Dataset<Row>>> referencedTables;
    private final MetricsHistory history;
    /**
     * Added to anomaly bounds: a change exactly at the limit must pass, and in doubles 1 - 0.7 is
     * 0.30000000000000004, above the 0.3 that a fall from 1000 to 300 rows measures.
     */
    private static final double ROUNDING = 1e-9;

    CheckPlanner(BatchFacts facts, Function<String, Optional<Dataset<Row>>> referencedTables, MetricsHistory history) {
        this.facts = facts;
        this.referencedTables = referencedTables;
        this.history = history;
    }

    PlannedCheck plan(CheckConfig check) {
        if (check instanceof CheckConfig.Uniqueness c) {
            return ratio(c, "Uniqueness", c.threshold(), deequ(c).hasUniqueness(seq(c.columns()), atLeast(c.threshold()), none(), none()));
        }
        if (check instanceof CheckConfig.Completeness c) {
            return ratio(c, "Completeness", c.threshold(), deequ(c).hasCompleteness(c.column(), atLeast(c.threshold()), none(), none()));
        }
        if (check instanceof CheckConfig.AllowedValues c) {
            return ratio(c, "Compliance", c.threshold(),
                    deequ(c).isContainedIn(c.column(), c.values().toArray(String[]::new), atLeast(c.threshold()), none(), none()));
        }
        if (check instanceof CheckConfig.Pattern c) {
            Regex wholeValue = new Regex("^(?:" + c.pattern() + ")$", seq(List.of()));
            // Deequ counts a null as not matching; like allowed_values, a null is completeness's business.
            return ratio(c, "PatternMatch", c.threshold(), deequ(c).hasPattern(c.column(), wholeValue, atLeast(c.threshold()), none(), none(), none())
                    .where("`" + c.column() + "` IS NOT NULL"));
        }
        if (check instanceof CheckConfig.Range c) {
            return range(c);
        }
        if (check instanceof CheckConfig.Size c) {
            return size(c);
        }
        if (check instanceof CheckConfig.Sql c) {
            return ratio(c, "Compliance", c.threshold(),
                    deequ(c).satisfies(c.expression(), c.id(), atLeast(c.threshold()), none(), immutableList(List.of()), none()));
        }
        if (check instanceof CheckConfig.Freshness c) {
            return freshness(c);
        }
        if (check instanceof CheckConfig.Reconciliation c) {
            return reconciliation(c);
        }
        if (check instanceof CheckConfig.References c) {
            return references(c);
        }
        return anomaly((CheckConfig.Anomaly) check);
    }

    private PlannedCheck ratio(CheckConfig config, String metric, double threshold, Check check) {
        return PlannedCheck.measured(check, results -> {
            Measurement m = Measurement.of(results.get(0));
            return outcome(config, metric, m.value(), m.value().map(CheckPlanner::share).orElse(notComputed(m)), ">= " + share(threshold),
                    m.holds(), m.holds() ? noValuesNote(m) : m.failureMessage(share(threshold)));
        });
    }

    private PlannedCheck range(CheckConfig.Range c) {
        Check check = deequ(c);
        if (c.min().isPresent()) {
            double min = c.min().get().doubleValue();
            check = check.hasMin(c.column(), assertion(v -> v >= min), none(), none());
        }
        if (c.max().isPresent()) {
            double max = c.max().get().doubleValue();
            check = check.hasMax(c.column(), assertion(v -> v <= max), none(), none());
        }
        String threshold = boundsText(c.min().map(BigDecimal::toPlainString), c.max().map(BigDecimal::toPlainString));
        return PlannedCheck.measured(check, results -> {
            List<Measurement> measurements = results.stream().map(Measurement::of).toList();
            List<String> parts = new ArrayList<>();
            int i = 0;
            if (c.min().isPresent()) {
                Measurement min = measurements.get(i++);
                parts.add("min " + min.value().map(CheckPlanner::number).orElse(notComputed(min)));
            }
            if (c.max().isPresent()) {
                Measurement max = measurements.get(i);
                parts.add("max " + max.value().map(CheckPlanner::number).orElse(notComputed(max)));
            }
            boolean passed = measurements.stream().allMatch(Measurement::holds);
            Optional<Double> value = measurements.stream().filter(m -> !m.holds()).findFirst().orElse(measurements.get(0)).value();
            return outcome(c, c.min().isPresent() && c.max().isPresent() ? "Minimum/Maximum" : c.min().isPresent() ? "Minimum" : "Maximum",
                    value, String.join(", ", parts), threshold, passed, passed ? noValuesNote(measurements.get(0))
                            : "values of " + c.column() + " fall outside " + threshold
                            + measurements.stream().map(Measurement::error).flatMap(Optional::stream).map(e -> "; " + e).findFirst().orElse(""));
        });
    }

    private PlannedCheck size(CheckConfig.Size c) {
        long min = c.min().orElse(0);
        long max = c.max().orElse(Long.MAX_VALUE);
        String threshold = boundsText(c.min().stream().mapToObj(Long::toString).findFirst(), c.max().stream().mapToObj(Long::toString).findFirst());
        Check check = deequ(c).hasSize(assertion(n -> n >= min && n <= max), none());
        return PlannedCheck.measured(check, results -> {
            Measurement m = Measurement.of(results.get(0));
            return outcome(c, "Size", m.value(), m.value().map(CheckPlanner::number).orElse("not computed"), threshold, m.passed(),
                    m.passed() ? "" : "the batch has " + m.value().map(CheckPlanner::number).orElse("an unknown number of") + " rows");
        });
    }

    private PlannedCheck freshness(CheckConfig.Freshness c) {
        String epochColumn = DERIVED_PREFIX + c.id();
        long oldestAllowed = facts.batchTime().minus(c.maxAge()).getEpochSecond();
        String threshold = ">= " + Instant.ofEpochSecond(oldestAllowed) + " (batch time " + facts.batchTime() + " - " + c.maxAge() + ")";
        // The batch's size beside the newest value: no value at all passes only in a batch without rows (a
        // column of nulls in a batch with rows is data gone stale, or a renamed source column).
        Check check = deequ(c).hasMax(epochColumn, assertion(newest -> newest >= oldestAllowed), none(), none())
                .hasSize(assertion(rows -> true), none());
        UnaryOperator<Dataset<Row>> epochSeconds = rows -> rows.withColumn(epochColumn, col(c.column()).cast("timestamp").cast("long"));
        return PlannedCheck.measured(check, results -> {
            Measurement m = Measurement.of(results.get(0));
            boolean noRows = Measurement.of(results.get(1)).value().filter(rows -> rows == 0).isPresent();
            boolean holds = m.passed() || (m.noValues() && noRows);
            String newest = m.value().map(v -> Instant.ofEpochSecond(v.longValue()).toString()).orElse(notComputed(m));
            return outcome(c, "Maximum", m.value(), newest, threshold, holds, holds ? noValuesNote(m)
                    : m.value().isPresent() ? "the newest " + c.column() + " is older than " + c.maxAge() + " before the batch time"
                    : "no row has a " + c.column());
        }).addingColumns(epochSeconds);
    }

    private PlannedCheck reconciliation(CheckConfig.Reconciliation c) {
        String threshold = ">= " + share(c.threshold());
        if (facts.sourceRecords().isEmpty()) {
            return PlannedCheck.decided(outcome(c, "Size/SourceRecords", Optional.empty(), "unknown", threshold, false,
                    "the source's record count of this batch is unknown, so its rows cannot be reconciled"));
        }
        long sourceRecords = facts.sourceRecords().getAsLong();
        Check check = deequ(c).hasSize(assertion(rows -> reconciled(rows, sourceRecords) >= c.threshold()), none());
        return PlannedCheck.measured(check, results -> {
            Measurement m = Measurement.of(results.get(0));
            Optional<Double> ratio = m.value().map(rows -> reconciled(rows, sourceRecords));
            String measured = ratio.map(r -> share(r) + " (" + number(m.value().get()) + " of " + sourceRecords + " source records)").orElse("not computed");
            return outcome(c, "Size/SourceRecords", ratio, measured, threshold, m.passed(),
                    m.passed() ? "" : "the batch holds fewer rows than the source delivered records");
        });
    }

    private static double reconciled(double rows, long sourceRecords) {
        return sourceRecords == 0 ? (rows == 0 ? 1.0 : Double.POSITIVE_INFINITY) : rows / sourceRecords;
    }

    private PlannedCheck references(CheckConfig.References c) {
        String threshold = ">= " + share(c.threshold());
        Optional<Dataset<Row>> referenced = referencedTables.apply(c.table());
        if (referenced.isEmpty()) {
            return PlannedCheck.decided(outcome(c, "Compliance", Optional.empty(), "not computed", threshold, false,
                    "the referenced table " + c.table() + " does not exist yet; load it first"));
        }
        String found = DERIVED_PREFIX + c.id();
        String marker = found + "_key_found";
        UnaryOperator<Dataset<Row>> join = rows -> {
            List<Column> keys = new ArrayList<>();
            for (int i = 0; i < c.keys().size(); i++) {
                keys.add(col(c.keys().get(i)).as(found + "_key" + i));
            }
            Dataset<Row> distinctKeys = referenced.get().select(keys.toArray(Column[]::new)).distinct().withColumn(marker, lit(true));
            Column matches = lit(true);
            Column anyNull = lit(false);
            for (int i = 0; i < c.columns().size(); i++) {
                matches = matches.and(rows.col(c.columns().get(i)).equalTo(distinctKeys.col(found + "_key" + i)));
                anyNull = anyNull.or(rows.col(c.columns().get(i)).isNull());
            }
            Dataset<Row> joined = rows.join(distinctKeys, matches, "left");
            for (int i = 0; i < c.keys().size(); i++) {
                joined = joined.drop(distinctKeys.col(found + "_key" + i));
            }
            return joined.withColumn(found, anyNull.or(col(marker).isNotNull())).drop(marker);
        };
        Check check = deequ(c).satisfies("`" + found + "`", c.id(), atLeast(c.threshold()), none(), immutableList(List.of()), none());
        return PlannedCheck.measured(check, results -> {
            Measurement m = Measurement.of(results.get(0));
            return outcome(c, "Compliance", m.value(), m.value().map(CheckPlanner::share).orElse(notComputed(m)), threshold, m.holds(),
                    m.holds() ? noValuesNote(m) : "rows name " + String.join(", ", c.columns()) + " values missing from " + c.table());
        }).addingColumns(join);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private PlannedCheck anomaly(CheckConfig.Anomaly c) {
        Analyzer analyzer = c.metric() == AnomalyMetric.ROW_COUNT ? new Size(none()) : new Completeness(c.column().orElseThrow(), none(), none());
        boolean relative = c.metric() == AnomalyMetric.ROW_COUNT;
        String threshold = anomalyBounds(c, relative);
        String metricName = relative ? "Size" : "Completeness";
        Optional<Double> previous = history.previous(analyzer);
        String format = relative ? "%.0f" : "%.4f";
        if (previous.isEmpty()) {
            // Measured all the same, so the next batch has a value to compare with.
            scala.Function1<Object, Object> anyValue = assertion(v -> true);
            Check measureOnly = relative ? deequ(c).hasSize(anyValue, none()) : deequ(c).hasCompleteness(c.column().orElseThrow(), anyValue, none(), none());
            return PlannedCheck.measured(measureOnly, results -> {
                Measurement m = Measurement.of(results.get(0));
                return outcome(c, metricName, m.value(), m.value().map(v -> String.format(Locale.ROOT, format, v)).orElse("not computed"), threshold,
                        true, "no history yet");
            });
        }
        String previousText = " (previous batch " + String.format(Locale.ROOT, format, previous.get()) + ")";
        if (relative && previous.get() == 0) {
            // A rate of change from zero is infinite (or NaN from zero to zero, which Deequ never flags): decided here.
            boolean anyRiseAllowed = c.maxIncrease().isEmpty();
            Check fromZero = deequ(c).hasSize(assertion(rows -> rows == 0 || anyRiseAllowed), none());
            return PlannedCheck.measured(fromZero, results -> {
                Measurement m = Measurement.of(results.get(0));
                return outcome(c, metricName, m.value(), m.value().map(v -> String.format(Locale.ROOT, format, v)).orElse(notComputed(m)) + previousText,
                        threshold, m.passed(), m.passed() ? "" : c.target() + " rose from 0 rows, more than any rate of increase allows");
            });
        }
        AnomalyDetectionStrategy strategy = relative
                ? new RelativeRateOfChangeStrategy(optional(c.maxDecrease(), d -> 1 - d - ROUNDING), optional(c.maxIncrease(), i -> 1 + i + ROUNDING), 1)
                : new AbsoluteChangeStrategy(optional(c.maxDecrease(), d -> -d - ROUNDING), optional(c.maxIncrease(), i -> i + ROUNDING), 1);
        Check check = deequ(c).isNewestPointNonAnomalous(history.repository(), strategy, analyzer, history.tableTag(), none(),
                some(history.historyEnd()), none());
        return PlannedCheck.measured(check, results -> {
            Measurement m = Measurement.of(results.get(0));
            String measured = m.value().map(v -> String.format(Locale.ROOT, format, v)).orElse(notComputed(m)) + previousText;
            return outcome(c, metricName, m.value(), measured, threshold, m.holds(), m.holds() ? noValuesNote(m)
                    : c.target() + " changed more than allowed since the previous batch" + m.error().map(e -> "; " + e).orElse(""));
        });
    }

    /** The outcome of a check whose columns could not be added to the batch (a referenced table without its key column, say). */
    CheckOutcome notMeasurable(CheckConfig check, Exception cause) {
        String why = String.valueOf(cause.getMessage()).lines().findFirst().orElse(cause.getClass().getSimpleName());
        return outcome(check, "", Optional.empty(), "not computed", "", false, "the check could not be measured: " + why);
    }

    private static String notComputed(Measurement m) {
        return m.noValues() ? "no values" : "not computed";
    }

    private static String noValuesNote(Measurement m) {
        return m.noValues() ? "no values to check in this batch" : "";
    }

    private static scala.Option<Object> optional(OptionalDouble bound, java.util.function.DoubleUnaryOperator toDeequ) {
        return bound.isPresent() ? some((Object) toDeequ.applyAsDouble(bound.getAsDouble())) : none();
    }

    private static String anomalyBounds(CheckConfig.Anomaly c, boolean relative) {
        List<String> parts = new ArrayList<>();
        c.maxDecrease().ifPresent(d -> parts.add("falls by at most " + (relative ? percent(d) : share(d))));
        c.maxIncrease().ifPresent(i -> parts.add("rises by at most " + (relative ? percent(i) : share(i))));
        return String.join(" and ", parts) + " from the previous batch";
    }

    private CheckOutcome outcome(CheckConfig config, String metric, Optional<Double> value, String measured, String threshold, boolean passed,
            String message) {
        return new CheckOutcome(config.id(), config.type().key(), config.level(), config.target(), metric, value, measured, threshold,
                passed ? CheckStatus.PASSED : CheckStatus.FAILED, message);
    }

    private static Check deequ(CheckConfig config) {
        scala.Enumeration.Value level = config.level() == CheckLevel.ERROR ? CheckLevel$.MODULE$.Error() : CheckLevel$.MODULE$.Warning();
        return new Check(level, config.id(), seq(List.<Constraint>of()));
    }

    private static scala.Function1<Object, Object> atLeast(double threshold) {
        return assertion(v -> v >= threshold);
    }

    private static String boundsText(Optional<String> min, Optional<String> max) {
        if (min.isPresent() && max.isPresent()) {
            return "between " + min.get() + " and " + max.get();
        }
        return min.map(m -> ">= " + m).orElseGet(() -> "<= " + max.orElseThrow());
    }

    static String share(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String percent(double value) {
        return BigDecimal.valueOf(value).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    private static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value) : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** What a Deequ constraint measured and whether its assertion held. */
    private record Measurement(Optional<Double> value, boolean passed, Optional<String> error, boolean noValues) {
        static Measurement of(ConstraintResult result) {
            Optional<Double> value = Optional.empty();
            boolean noValues = false;
            if (result.metric().isDefined() && result.metric().get().value().isSuccess()
                    && result.metric().get().value().get() instanceof Number number) {
                value = Optional.of(number.doubleValue());
            } else if (result.metric().isDefined() && result.metric().get().value().isFailure()) {
                noValues = emptyState(result.metric().get().value().failed().get());
            }
            boolean passed = result.status() == ConstraintStatus$.MODULE$.Success();
            Optional<String> error = passed || result.message().isEmpty() ? Optional.empty() : Optional.of(result.message().get());
            return new Measurement(value, passed, error, noValues);
        }

        /** Deequ's word for a metric of no values: an empty batch, or a column (or filter) with only nulls. */
        private static boolean emptyState(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof EmptyStateException) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether the check holds. A metric over no values holds vacuously: no row broke the rule, and
         * a batch with no rows (every row quarantined, an empty file) would otherwise block for good,
         * its quarantine rows with it. A {@code size} check is what asks for rows.
         */
        boolean holds() {
            return passed || noValues;
        }

        String failureMessage(String threshold) {
            return value.isPresent() ? "below the threshold " + threshold : error.orElse("the metric could not be computed");
        }
    }
}
