package io.medallion.lakehouse.profile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import com.amazon.deequ.profiles.ColumnProfile;
import com.amazon.deequ.profiles.NumericColumnProfile;
import com.amazon.deequ.suggestions.ConstraintSuggestion;
import com.amazon.deequ.suggestions.ConstraintSuggestionResult;
import com.amazon.deequ.suggestions.ConstraintSuggestionRunner;
import com.amazon.deequ.suggestions.Rules;
import io.medallion.lakehouse.spark.SessionSettings;
import io.medallion.quality.interop.ScalaInterop;
import io.medallion.quality.rows.RowChecks;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Profiles rows with Deequ and turns what it finds into a starter table config. Deequ's
 * {@code ConstraintSuggestionRunner} runs its column profiler (completeness, approximate distinct
 * values, inferred type, histograms of low-cardinality columns, numeric statistics) and its
 * suggestion rules, {@link Rules#EXTENDED()}; each suggestion becomes a column rule or a check:
 *
 * <ul>
 *   <li>complete column: {@code required: true}; incomplete: a {@code completeness} check at the
 *       lower bound Deequ suggests
 *   <li>all values among a few: {@code allowed:}; else most of them: an {@code allowed_values} check
 *   <li>never negative: {@code min: 0}; observed minimum and maximum: a {@code range} check, warning
 *       only (new data may rightly go beyond what the sample saw)
 *   <li>approximately unique text or whole numbers: a {@code uniqueness} check at 0.99; and a
 *       {@code size} check of at least one row
 * </ul>
 *
 * Text values Deequ sees as plain strings are tried as dates and timestamps in ISO formats (one more
 * aggregation). Cost: Deequ's three passes over the rows plus that one; only statistics reach the
 * driver.
 */
public final class TableProfiler {
    /** Datetime formats tried on text columns, most specific first, with the type each gives. */
    private static final List<Map.Entry<String, String>> DATETIME_FORMATS = List.of(
            Map.entry("yyyy-MM-dd HH:mm:ss", "timestamp"),
            Map.entry("yyyy-MM-dd'T'HH:mm:ss", "timestamp"),
            Map.entry("yyyy-MM-dd", "date"));
    /** The share of distinct values a unique-looking column is checked for. */
    private static final double UNIQUENESS_THRESHOLD = 0.99;
    private static final Pattern LOWER_BOUND = Pattern.compile("_ >= ([0-9.Ee+-]+)");

    private TableProfiler() {}

    /** Profiles {@code rows}; {@code subject} names them in the result (a table, or a source's files). */
    public static TableProfile profile(Dataset<Row> rows, String subject) {
        ConstraintSuggestionResult result = ConstraintSuggestionRunner.apply().onData(rows).addConstraintRules(Rules.EXTENDED()).run();
        Map<String, ColumnProfile> profiles = ScalaInterop.javaMap(result.columnProfiles());
        Map<String, List<ConstraintSuggestion>> suggestions = new LinkedHashMap<>();
        ScalaInterop.javaMap(result.constraintSuggestions()).forEach((column, list) -> suggestions.put(column, ScalaInterop.javaList(list)));
        Map<String, Map.Entry<String, String>> datetimes = SessionSettings.during(rows.sparkSession(),
                () -> datetimeColumns(rows, profiles));

        List<ColumnSuggestion> columns = new ArrayList<>();
        List<CheckSuggestion> checks = new ArrayList<>();
        checks.add(new CheckSuggestion("size", Optional.empty(), Optional.empty(), List.of(), Optional.of(BigDecimal.ONE), Optional.empty(),
                "error"));
        for (StructField field : rows.schema().fields()) {
            String name = field.name();
            ColumnProfile profile = profiles.get(name);
            List<ConstraintSuggestion> suggested = suggestions.getOrDefault(name, List.of());
            Optional<Map.Entry<String, String>> datetime = Optional.ofNullable(datetimes.get(name));
            String type = datetime.map(Map.Entry::getValue).orElseGet(() -> configType(field.dataType(), profile));
            boolean numeric = List.of("int", "long", "double").contains(type) || type.startsWith("decimal");
            List<String> allowed = "string".equals(type) ? suggestedBy(suggested, "CategoricalRangeRule").map(s -> quoted(s.codeForConstraint()))
                    .orElse(List.of()) : List.of();
            Optional<BigDecimal> min = numeric && suggestedBy(suggested, "NonNegativeNumbersRule").isPresent() ? Optional.of(BigDecimal.ZERO)
                    : Optional.empty();
            columns.add(new ColumnSuggestion(name, type, profile.completeness() >= 1.0, allowed, min, datetime.map(Map.Entry::getKey)));

            Optional<String> column = Optional.of(name);
            // Keys are text or whole numbers; distinct timestamps or prices are not keys. Deequ counts
            // distinct values approximately, so the check allows for a few duplicates.
            if (List.of("string", "int", "long").contains(type)) {
                suggestedBy(suggested, "UniqueIfApproximatelyUniqueRule").ifPresent(s -> checks.add(new CheckSuggestion("uniqueness", column,
                        Optional.of(UNIQUENESS_THRESHOLD), List.of(), Optional.empty(), Optional.empty(), "error")));
            }
            suggestedBy(suggested, "RetainCompletenessRule").ifPresent(s -> checks.add(new CheckSuggestion("completeness", column,
                    Optional.of(lowerBound(s.codeForConstraint())), List.of(), Optional.empty(), Optional.empty(), "error")));
            // A column whose every value is allowed: already rejects the others row by row.
            if ("string".equals(type) && allowed.isEmpty()) {
                suggestedBy(suggested, "FractionalCategoricalRangeRule").ifPresent(s -> checks.add(new CheckSuggestion("allowed_values", column,
                        Optional.of(lowerBound(s.codeForConstraint())), quoted(s.codeForConstraint()), Optional.empty(), Optional.empty(), "error")));
            }
            if (numeric && profile instanceof NumericColumnProfile stats && stats.minimum().isDefined() && stats.maximum().isDefined()) {
                boolean integral = List.of("int", "long").contains(type);
                checks.add(new CheckSuggestion("range", column, Optional.empty(), List.of(),
                        Optional.of(number((Double) stats.minimum().get(), integral)), Optional.of(number((Double) stats.maximum().get(), integral)),
                        "warning"));
            }
        }
        return new TableProfile(subject, result.numRecordsUsedForProfiling(), columns, checks);
    }

    /**
     * The config type of a column: its own type when the rows are typed, else the type Deequ
     * inferred from the text (whole numbers as {@code int}, or {@code long} beyond its range).
     */
    private static String configType(DataType type, ColumnProfile profile) {
        if (!(type instanceof StringType)) {
            return typedConfigType(type);
        }
        return switch (profile.dataType().toString()) {
            case "Integral" -> profile instanceof NumericColumnProfile stats && fitsInt(stats) ? "int" : "long";
            case "Fractional" -> "double";
            case "Boolean" -> "boolean";
            default -> "string";
        };
    }

    private static String typedConfigType(DataType type) {
        if (type instanceof IntegerType || type instanceof ShortType || type instanceof ByteType) {
            return "int";
        }
        if (type instanceof LongType) {
            return "long";
        }
        if (type instanceof DoubleType || type instanceof FloatType) {
            return "double";
        }
        if (type instanceof DecimalType decimal) {
            return "decimal(" + decimal.precision() + "," + decimal.scale() + ")";
        }
        if (type instanceof BooleanType) {
            return "boolean";
        }
        if (type instanceof DateType) {
            return "date";
        }
        if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            return "timestamp";
        }
        return type.simpleString().toLowerCase(Locale.ROOT);
    }

    private static boolean fitsInt(NumericColumnProfile stats) {
        return stats.minimum().isDefined() && stats.maximum().isDefined()
                && (Double) stats.minimum().get() >= Integer.MIN_VALUE && (Double) stats.maximum().get() <= Integer.MAX_VALUE;
    }

    /**
     * Text columns Deequ sees as strings whose every value parses in one of {@link #DATETIME_FORMATS},
     * with that format and type. One aggregation counts, per column and format, the values that do not.
     */
    private static Map<String, Map.Entry<String, String>> datetimeColumns(Dataset<Row> rows, Map<String, ColumnProfile> profiles) {
        List<String> candidates = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            ColumnProfile profile = profiles.get(field.name());
            if (field.dataType() instanceof StringType && "String".equals(profile.dataType().toString()) && profile.completeness() > 0) {
                candidates.add(field.name());
            }
        }
        Map<String, Map.Entry<String, String>> found = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return found;
        }
        List<Column> misses = new ArrayList<>();
        for (String name : candidates) {
            Column value = col(RowChecks.quote(name));
            for (Map.Entry<String, String> format : DATETIME_FORMATS) {
                Column parsed = "date".equals(format.getValue()) ? to_date(value, format.getKey()) : to_timestamp(value, format.getKey());
                misses.add(sum(when(value.isNotNull().and(parsed.isNull()), 1).otherwise(0)));
            }
        }
        Row counts = rows.agg(misses.get(0), misses.subList(1, misses.size()).toArray(Column[]::new)).head();
        int index = 0;
        for (String name : candidates) {
            for (Map.Entry<String, String> format : DATETIME_FORMATS) {
                if (counts.getLong(index++) == 0 && !found.containsKey(name)) {
                    found.put(name, format);
                }
            }
        }
        return found;
    }

    private static Optional<ConstraintSuggestion> suggestedBy(List<ConstraintSuggestion> suggestions, String rule) {
        return suggestions.stream().filter(s -> s.suggestingRule().getClass().getSimpleName().equals(rule)).findFirst();
    }

    /** The {@code _ >= x} bound in Deequ's code for a constraint, e.g. {@code .hasCompleteness("c", _ >= 0.87, ...)}. */
    private static double lowerBound(String code) {
        Matcher matcher = LOWER_BOUND.matcher(code);
        return matcher.find() ? Math.max(0, Math.min(1, Double.parseDouble(matcher.group(1)))) : 1.0;
    }

    /** The values listed in {@code Array("a", "b")} of Deequ's code for a constraint; a value's quotes are escaped as {@code \\"}. */
    private static List<String> quoted(String code) {
        List<String> values = new ArrayList<>();
        int start = code.indexOf("Array(");
        if (start < 0) {
            return values;
        }
        StringBuilder value = null;
        for (int i = start + "Array(".length(); i < code.length(); i++) {
            char c = code.charAt(i);
            if (value == null && c == ')') {
                break;
            } else if (value == null && c == '"') {
                value = new StringBuilder();
            } else if (value != null && c == '\\' && i + 1 < code.length()) {
                value.append(code.charAt(++i));
            } else if (value != null && c == '"') {
                values.add(value.toString());
                value = null;
            } else if (value != null) {
                value.append(c);
            }
        }
        return values;
    }

    private static BigDecimal number(double value, boolean integral) {
        BigDecimal number = BigDecimal.valueOf(value);
        return integral ? number.setScale(0, java.math.RoundingMode.UNNECESSARY) : number.stripTrailingZeros();
    }
}
