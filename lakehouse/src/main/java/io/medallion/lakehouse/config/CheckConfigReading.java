package io.medallion.lakehouse.config;

import io.medallion.lakehouse.bronze.MetadataColumns;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.suite.AnomalyMetric;
import io.medallion.quality.suite.CheckConfig;
import io.medallion.quality.suite.CheckType;
import io.medallion.quality.interop.ScalaInterop;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParseException;

/**
 * Reads and checks a table's {@code checks:} list. It runs after every table is read, since a
 * references check names another table (its key columns are that table's keys by default). Every
 * problem is recorded with its key path, such as {@code bronze.sales.checks[2].threshold}; an SQL
 * expression is parsed with Spark's parser, which needs no session, and its columns looked up.
 */
final class CheckConfigReading {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> COMMON_KEYS = Set.of("type", "id", "level", "description");
    private static final Map<CheckType, Set<String>> TYPE_KEYS = Map.ofEntries(
            Map.entry(CheckType.UNIQUENESS, Set.of("columns", "column", "threshold")),
            Map.entry(CheckType.COMPLETENESS, Set.of("column", "threshold")),
            Map.entry(CheckType.ALLOWED_VALUES, Set.of("column", "values", "threshold")),
            Map.entry(CheckType.PATTERN, Set.of("column", "pattern", "threshold")),
            Map.entry(CheckType.RANGE, Set.of("column", "min", "max")),
            Map.entry(CheckType.SIZE, Set.of("min", "max")),
            Map.entry(CheckType.SQL, Set.of("expression", "threshold")),
            Map.entry(CheckType.FRESHNESS, Set.of("column", "max_age")),
            Map.entry(CheckType.RECONCILIATION, Set.of("threshold")),
            Map.entry(CheckType.REFERENCES, Set.of("columns", "column", "table", "key", "threshold")),
            Map.entry(CheckType.ANOMALY, Set.of("metric", "column", "max_decrease", "max_increase")));
    /** The columns Medallion adds to every bronze row, which checks may name besides the declared ones. */
    private static final List<String> METADATA_COLUMNS = List.of(MetadataColumns.SOURCE_FILE, MetadataColumns.INGEST_DATE,
            MetadataColumns.BATCH_ID, MetadataColumns.RUN_ID, MetadataColumns.INGESTED_AT, MetadataColumns.RESCUED_DATA);
    private static final String TYPES = Arrays.stream(CheckType.values()).map(CheckType::key).collect(Collectors.joining(", "));

    private final TableConfig table;
    private final Map<String, TableConfig> tables;
    private final boolean recordsCounted;

    private CheckConfigReading(TableConfig table, Map<String, TableConfig> tables, boolean recordsCounted) {
        this.table = table;
        this.tables = tables;
        this.recordsCounted = recordsCounted;
    }

    /**
     * The checks under {@code checksNode} of {@code table}; {@code tables} are all the pipeline's
     * tables by qualified name, which references checks may name. {@code recordsCounted} says whether
     * the table's batches come with the record count landing took ({@link SourceConfig#countsRecords}),
     * without which a reconciliation check could never pass.
     */
    static List<CheckConfig> read(ConfigNode checksNode, TableConfig table, Map<String, TableConfig> tables, boolean recordsCounted) {
        CheckConfigReading reading = new CheckConfigReading(table, tables, recordsCounted);
        List<CheckConfig> checks = new ArrayList<>();
        Map<String, String> idPaths = new HashMap<>();
        for (ConfigNode node : checksNode.elements()) {
            reading.readCheck(node).ifPresent(check -> {
                String earlier = idPaths.putIfAbsent(check.id(), node.path());
                if (earlier != null) {
                    node.child("id").problem("`" + check.id() + "` is also the id of " + earlier + "; ids are unique per table",
                            "Give one of them another `id:`");
                } else {
                    checks.add(check);
                }
            });
        }
        return checks;
    }

    private Optional<CheckConfig> readCheck(ConfigNode node) {
        ConfigNode typeNode = node.child("type");
        Optional<CheckType> type = typeNode.requiredString("Set type: one of " + TYPES).flatMap(text -> {
            Optional<CheckType> parsed = CheckType.fromKey(text);
            if (parsed.isEmpty()) {
                String suggestion = ConfigNode.closest(text, Arrays.stream(CheckType.values()).map(CheckType::key).collect(Collectors.toSet()))
                        .map(s -> "Did you mean `" + s + "`? ").orElse("");
                typeNode.problem("`" + text + "` is not a check type", suggestion + "Use one of " + TYPES);
            }
            return parsed;
        });
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Set<String> allowed = new HashSet<>(COMMON_KEYS);
        allowed.addAll(TYPE_KEYS.get(type.get()));
        node.rejectUnknownKeys(allowed);
        ConfigNode levelNode = node.child("level");
        CheckLevel level = levelNode.optionalString().map(text -> Arrays.stream(CheckLevel.values()).filter(l -> l.key().equals(text)).findFirst()
                .orElseGet(() -> {
                    levelNode.problem("`" + text + "` is not a check level", "Use error (the batch is not committed) or warning (reported only)");
                    return CheckLevel.ERROR;
                })).orElse(CheckLevel.ERROR);
        Header header = new Header(node, type.get(), level, node.child("description").optionalString());
        return switch (type.get()) {
            case UNIQUENESS -> columns(node).map(columns ->
                    new CheckConfig.Uniqueness(header.id(columns), level, header.description(), columns, threshold(node)));
            case COMPLETENESS -> column(node).map(column ->
                    new CheckConfig.Completeness(header.id(List.of(column)), level, header.description(), column, threshold(node)));
            case ALLOWED_VALUES -> allowedValues(node, header);
            case PATTERN -> pattern(node, header);
            case RANGE -> range(node, header);
            case SIZE -> size(node, header);
            case SQL -> sql(node, header);
            case FRESHNESS -> freshness(node, header);
            case RECONCILIATION -> reconciliation(node, header);
            case REFERENCES -> references(node, header);
            case ANOMALY -> anomaly(node, header);
        };
    }

    private Optional<CheckConfig> allowedValues(ConfigNode node, Header header) {
        Optional<String> column = column(node);
        ConfigNode valuesNode = node.child("values");
        List<String> values = valuesNode.stringList();
        if (values.isEmpty()) {
            valuesNode.problem("is required", "List the values the column may hold, e.g. values: [store, web, app]");
        }
        double threshold = threshold(node);
        if (column.isEmpty() || values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CheckConfig.AllowedValues(header.id(List.of(column.get())), header.level(), header.description(), column.get(), values, threshold));
    }

    private Optional<CheckConfig> reconciliation(ConfigNode node, Header header) {
        double threshold = threshold(node);
        if (!recordsCounted) {
            node.child("type").problem("a reconciliation check compares the batch's rows with the records landing counted, and "
                    + (table.layer() == Layer.BRONZE ? "this table's source format (Parquet, Avro, JSON documents) is not counted"
                            : "a " + table.layer().key() + " batch has no such count"),
                    "Remove the check, or use a size check; reconciliation works on bronze tables of CSV, JSON Lines and JDBC sources");
            return Optional.empty();
        }
        return Optional.of(new CheckConfig.Reconciliation(header.id(List.of()), header.level(), header.description(), threshold));
    }

    private Optional<CheckConfig> pattern(ConfigNode node, Header header) {
        Optional<String> column = column(node);
        column.flatMap(this::declaredType).filter(type -> !type.isText()).ifPresent(type ->
                node.child("column").problem("names column `" + column.get() + "` of type " + type.sqlName().toLowerCase(Locale.ROOT)
                        + ", but a pattern check needs a string column", "Check a string column, or use a range or sql check"));
        ConfigNode patternNode = node.child("pattern");
        Optional<String> pattern = patternNode.requiredString("Give the regular expression every value must match, e.g. pattern: \"S[0-9]{3}\"")
                .filter(regex -> {
                    try {
                        Pattern.compile(regex);
                        return true;
                    } catch (PatternSyntaxException e) {
                        patternNode.problem("`" + regex + "` is not a valid regular expression: " + e.getDescription(), "Fix the expression");
                        return false;
                    }
                });
        double threshold = threshold(node);
        if (column.isEmpty() || pattern.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CheckConfig.Pattern(header.id(List.of(column.get())), header.level(), header.description(), column.get(), pattern.get(), threshold));
    }

    private Optional<CheckConfig> range(ConfigNode node, Header header) {
        Optional<String> column = column(node);
        column.flatMap(this::declaredType).filter(type -> !type.isNumeric()).ifPresent(type ->
                node.child("column").problem("names column `" + column.get() + "` of type " + type.sqlName().toLowerCase(Locale.ROOT)
                        + ", but a range check needs a numeric column", "Check a numeric column, or use an sql check"));
        ConfigNode minNode = node.child("min");
        ConfigNode maxNode = node.child("max");
        Optional<BigDecimal> min = minNode.optionalNumber();
        Optional<BigDecimal> max = maxNode.optionalNumber();
        if (!minNode.isPresent() && !maxNode.isPresent()) {
            node.problem("a range check needs min, max or both", "Add min: and/or max:");
        }
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            minNode.problem("is " + min.get() + ", above max " + max.get(), "Make min at most max");
            return Optional.empty();
        }
        if (column.isEmpty() || (min.isEmpty() && max.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new CheckConfig.Range(header.id(List.of(column.get())), header.level(), header.description(), column.get(), min, max));
    }

    private Optional<CheckConfig> size(ConfigNode node, Header header) {
        OptionalLong min = rowCount(node.child("min"));
        OptionalLong max = rowCount(node.child("max"));
        if (!node.child("min").isPresent() && !node.child("max").isPresent()) {
            node.problem("a size check needs min, max or both", "Add min: and/or max: (rows in the batch)");
            return Optional.empty();
        }
        if (min.isPresent() && max.isPresent() && min.getAsLong() > max.getAsLong()) {
            node.child("min").problem("is " + min.getAsLong() + ", above max " + max.getAsLong(), "Make min at most max");
            return Optional.empty();
        }
        return Optional.of(new CheckConfig.Size(header.id(List.of()), header.level(), header.description(), min, max));
    }

    private static OptionalLong rowCount(ConfigNode node) {
        Optional<BigDecimal> number = node.optionalNumber();
        if (number.isEmpty()) {
            return OptionalLong.empty();
        }
        if (number.get().signum() < 0 || number.get().stripTrailingZeros().scale() > 0) {
            node.problem("is " + number.get().toPlainString() + ", not a whole number of rows", "Write a count of rows such as 0 or 50000000");
            return OptionalLong.empty();
        }
        return OptionalLong.of(number.get().longValueExact());
    }

    private Optional<CheckConfig> sql(ConfigNode node, Header header) {
        ConfigNode expressionNode = node.child("expression");
        Optional<String> expression = expressionNode.requiredString("Give a Spark SQL condition every row should meet, e.g. expression: \"quantity > 0\"")
                .filter(text -> parsesWithKnownColumns(text, expressionNode));
        double threshold = threshold(node);
        return expression.map(text -> new CheckConfig.Sql(header.id(List.of()), header.level(), header.description(), text, threshold));
    }

    private boolean parsesWithKnownColumns(String text, ConfigNode node) {
        Expression parsed;
        try {
            parsed = CatalystSqlParser$.MODULE$.parseExpression(text);
        } catch (Exception e) {
            // Scala declares no checked exceptions, so the parser's ParseException is caught as Exception.
            if (!(e instanceof ParseException)) {
                throw e;
            }
            node.problem("`" + text + "` is not a valid Spark SQL expression: " + e.getMessage().lines().map(String::trim).filter(line -> !line.isEmpty()).findFirst().orElse(""),
                    "Write a condition such as `quantity * unit_price < 100000`");
            return false;
        }
        List<String> unknown = referencedColumns(parsed).filter(name -> !isKnownColumn(name)).distinct().toList();
        unknown.forEach(name -> node.problem("names column `" + name + "`, which the table does not declare", knownColumnsHint()));
        return unknown.isEmpty();
    }

    private static Stream<String> referencedColumns(Expression expression) {
        Stream<String> own = expression instanceof UnresolvedAttribute attribute ? Stream.of(attribute.nameParts().head()) : Stream.empty();
        return Stream.concat(own, ScalaInterop.javaList(expression.children()).stream().flatMap(CheckConfigReading::referencedColumns));
    }

    private Optional<CheckConfig> freshness(ConfigNode node, Header header) {
        Optional<String> column = column(node);
        column.flatMap(this::declaredType).filter(type -> !type.isTemporal()).ifPresent(type ->
                node.child("column").problem("names column `" + column.get() + "` of type " + type.sqlName().toLowerCase(Locale.ROOT)
                        + ", but freshness needs a date or timestamp column", "Check a date or timestamp column, e.g. _ingested_at"));
        ConfigNode maxAgeNode = node.child("max_age");
        Optional<Duration> maxAge = maxAgeNode.requiredString("Give the oldest the newest value may be, e.g. max_age: 3d").flatMap(text -> {
            Optional<Duration> parsed = DurationText.parse(text).filter(d -> !d.isZero());
            if (parsed.isEmpty()) {
                maxAgeNode.problem("`" + text + "` is not a duration", "Write a whole number and a unit: 90s, 10m, 2h or 3d");
            }
            return parsed;
        });
        if (column.isEmpty() || maxAge.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CheckConfig.Freshness(header.id(List.of(column.get())), header.level(), header.description(), column.get(), maxAge.get()));
    }

    private Optional<CheckConfig> references(ConfigNode node, Header header) {
        Optional<List<String>> columns = columns(node);
        ConfigNode tableNode = node.child("table");
        Optional<TableConfig> referenced = tableNode.requiredString("Name the referenced table with its layer, e.g. table: bronze.products")
                .flatMap(name -> {
                    TableConfig found = tables.get(name);
                    if (found == null) {
                        tableNode.problem("names table `" + name + "`, which the pipeline does not declare",
                                "Use one of: " + String.join(", ", new TreeSet<>(tables.keySet())));
                    }
                    return Optional.ofNullable(found);
                });
        ConfigNode keyNode = node.child("key");
        List<String> keys = keyNode.isPresent() ? keyNode.stringList() : referenced.map(TableConfig::keys).orElse(List.of());
        double threshold = threshold(node);
        if (referenced.isEmpty() || columns.isEmpty()) {
            return Optional.empty();
        }
        String referencedName = referenced.get().qualifiedName();
        if (keys.isEmpty()) {
            keyNode.problem("is needed: " + referencedName + " declares no keys", "Name the referenced column with key:, or declare keys on " + referencedName);
            return Optional.empty();
        }
        Set<String> referencedColumns = new HashSet<>(referenced.get().columnNames());
        referencedColumns.addAll(METADATA_COLUMNS);
        List<String> unknownKeys = keys.stream().filter(k -> referenced.get().layer() != Layer.GOLD && !referencedColumns.contains(k)).toList();
        unknownKeys.forEach(k -> keyNode.problem("names column `" + k + "`, which " + referencedName + " does not declare",
                "Use one of its columns: " + String.join(", ", referenced.get().columnNames())));
        if (keys.size() != columns.get().size()) {
            node.problem(columns.get().size() + " columns reference " + keys.size() + " key columns of " + referencedName,
                    "Give as many columns as the referenced key has: " + String.join(", ", keys));
            return Optional.empty();
        }
        if (!unknownKeys.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CheckConfig.References(header.id(columns.get()), header.level(), header.description(), columns.get(), referencedName,
                keys, threshold));
    }

    private Optional<CheckConfig> anomaly(ConfigNode node, Header header) {
        ConfigNode metricNode = node.child("metric");
        String metrics = Arrays.stream(AnomalyMetric.values()).map(AnomalyMetric::key).collect(Collectors.joining(" or "));
        Optional<AnomalyMetric> metric = metricNode.requiredString("Set metric: " + metrics).flatMap(text -> {
            Optional<AnomalyMetric> parsed = AnomalyMetric.fromKey(text);
            if (parsed.isEmpty()) {
                metricNode.problem("`" + text + "` is not a metric anomaly checks know", "Use " + metrics);
            }
            return parsed;
        });
        Optional<String> column = Optional.empty();
        if (metric.isPresent() && metric.get().needsColumn()) {
            column = column(node);
        } else if (metric.isPresent() && node.child("column").isPresent()) {
            node.child("column").problem("is not used by the " + metric.get().key() + " metric", "Remove column");
        }
        ConfigNode decreaseNode = node.child("max_decrease");
        ConfigNode increaseNode = node.child("max_increase");
        // Nothing falls by more than all of it; only a row count can rise by more than 1 (100%).
        OptionalDouble maxDecrease = change(decreaseNode, true);
        OptionalDouble maxIncrease = change(increaseNode, metric.filter(m -> m != AnomalyMetric.ROW_COUNT).isPresent());
        if (!decreaseNode.isPresent() && !increaseNode.isPresent()) {
            node.problem("an anomaly check needs max_decrease, max_increase or both", "Add the change allowed from one batch to the next, e.g. max_decrease: 0.5");
            return Optional.empty();
        }
        if (metric.isEmpty() || (metric.get().needsColumn() && column.isEmpty()) || (maxDecrease.isEmpty() && maxIncrease.isEmpty())) {
            return Optional.empty();
        }
        List<String> idParts = new ArrayList<>();
        idParts.add(metric.get().key());
        column.ifPresent(idParts::add);
        return Optional.of(new CheckConfig.Anomaly(header.id(idParts), header.level(), header.description(), metric.get(), column, maxDecrease,
                maxIncrease));
    }

    /** A change bound: a number from 0, at most 1 when {@code atMostOne} (a share cannot fall or rise by more). */
    private static OptionalDouble change(ConfigNode node, boolean atMostOne) {
        Optional<BigDecimal> number = node.optionalNumber();
        if (number.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (number.get().signum() < 0 || (atMostOne && number.get().compareTo(BigDecimal.ONE) > 0)) {
            node.problem("is " + number.get().toPlainString() + ", not a change " + (atMostOne ? "between 0 and 1" : "of 0 or more"),
                    "Write the change allowed as a share, e.g. 0.5 for 50%");
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(number.get().doubleValue());
    }

    /** {@code threshold:}, a share in [0, 1]; 1.0 when absent. */
    private static double threshold(ConfigNode node) {
        ConfigNode thresholdNode = node.child("threshold");
        Optional<BigDecimal> threshold = thresholdNode.optionalNumber();
        if (threshold.isPresent() && (threshold.get().signum() < 0 || threshold.get().compareTo(BigDecimal.ONE) > 0)) {
            thresholdNode.problem("is " + threshold.get().toPlainString() + ", not a number between 0 and 1",
                    "Write the least share of rows that must pass, e.g. 0.99");
        }
        return threshold.map(BigDecimal::doubleValue).orElse(1.0);
    }

    /** {@code column:}, one known column, required. */
    private Optional<String> column(ConfigNode node) {
        ConfigNode columnNode = node.child("column");
        return columnNode.requiredString("Name the column to check, e.g. column: " + table.columnNames().stream().findFirst().orElse("id"))
                .filter(name -> knownColumn(name, columnNode));
    }

    /** {@code columns:} (a list) or {@code column:} (one name), known columns, required. */
    private Optional<List<String>> columns(ConfigNode node) {
        ConfigNode columnsNode = node.child("columns");
        ConfigNode columnNode = node.child("column");
        if (columnsNode.isPresent() && columnNode.isPresent()) {
            columnNode.problem("is given together with columns", "Keep one: column for one name, columns for a list");
            return Optional.empty();
        }
        if (!columnsNode.isPresent()) {
            return column(node).map(List::of);
        }
        List<String> columns = columnsNode.stringList();
        if (columns.isEmpty()) {
            columnsNode.problem("is empty", "List at least one column");
            return Optional.empty();
        }
        boolean allKnown = columns.stream().filter(name -> knownColumn(name, columnsNode)).count() == columns.size();
        return allKnown ? Optional.of(columns) : Optional.empty();
    }

    private boolean knownColumn(String name, ConfigNode node) {
        if (isKnownColumn(name)) {
            return true;
        }
        node.problem("names column `" + name + "`, which the table does not declare", knownColumnsHint());
        return false;
    }

    /** A gold model's columns are what its SQL selects, known only when it runs; its schema file may list some. */
    private boolean isKnownColumn(String name) {
        return table.layer() == Layer.GOLD || table.columnNames().stream().anyMatch(c -> c.equalsIgnoreCase(name)) || METADATA_COLUMNS.contains(name.toLowerCase(Locale.ROOT));
    }

    private String knownColumnsHint() {
        return "Use a declared column (" + String.join(", ", table.columnNames()) + ") or a metadata column (" + String.join(", ", METADATA_COLUMNS) + ")";
    }

    private Optional<ColumnType> declaredType(String column) {
        return table.columns().stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst().map(ColumnConfig::type);
    }

    /** The keys every check has, and its id: the one written, or {@code <type>_<columns>}. */
    private record Header(ConfigNode node, CheckType type, CheckLevel level, Optional<String> description) {
        String id(List<String> parts) {
            ConfigNode idNode = node.child("id");
            Optional<String> written = idNode.optionalString();
            if (written.isPresent() && !ID.matcher(written.get()).matches()) {
                idNode.problem("`" + written.get() + "` is not a valid check id", "Use lower-case letters, digits and underscores, starting with a letter");
            }
            return written.orElseGet(() -> Stream.concat(Stream.of(type.key()), parts.stream())
                    .collect(Collectors.joining("_")).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_"));
        }
    }
}
