package io.medallion.lakehouse.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads and checks a {@code format: jdbc} source, and the bronze table that loads one: the
 * watermark, key, soft-delete and partitioning columns must be columns the table declares. Problems
 * are recorded on the nodes, like every other config problem; the password's value is never put
 * into a message.
 */
final class JdbcSourceReading {
    static final String FORMAT = "jdbc";

    private static final Set<String> SOURCE_KEYS = Set.of("format", "url", "table", "query", "user", "password", "driver",
            "fetch_size", "watermark", "soft_delete", "partitioning", "max_rows_per_run", "description");
    private static final Set<String> WATERMARK_KEYS = Set.of("column", "key", "lookback");
    private static final Set<String> PARTITIONING_KEYS = Set.of("column", "partitions");

    private JdbcSourceReading() {}

    static Optional<SourceConfig> readSource(String sourceName, ConfigNode node) {
        node.rejectUnknownKeys(SOURCE_KEYS);
        ConfigNode urlNode = node.child("url");
        Optional<String> url = urlNode.requiredString("Set the JDBC URL, e.g. url: jdbc:postgresql://db.example.com:5432/shop");
        url.ifPresent(u -> {
            if (!u.startsWith("jdbc:")) {
                urlNode.problem("is not a JDBC URL (it does not start with jdbc:)", "Write it as jdbc:<database>://host:port/name");
            }
            if (JdbcUrls.holdsPassword(u)) {
                urlNode.problem("holds a password", "Remove it from the URL and set user: and password: ${<VARIABLE>} from the environment, "
                        + "so it stays out of logs and manifests");
            }
        });
        Optional<String> table = node.child("table").optionalString();
        Optional<String> query = node.child("query").optionalString();
        if (table.isPresent() == query.isPresent()) {
            node.child(table.isPresent() ? "query" : "table").problem(table.isPresent() ? "cannot be set together with table" : "is required",
                    "Set either table: <schema.table> or query: <SELECT ...>, not both");
        }
        Optional<String> user = node.child("user").optionalString();
        // Unset when empty, so the Spark conf's JdbcSourceConfig.passwordConfKey is used instead.
        Optional<Secret> password = node.child("password").optionalSecret();
        Optional<String> driver = node.child("driver").optionalString();
        int fetchSize = positiveInteger(node.child("fetch_size"), "fetch size").map(Long::intValue).orElse(JdbcSourceConfig.DEFAULT_FETCH_SIZE);
        Optional<WatermarkConfig> watermark = readWatermark(node.child("watermark"));
        Optional<String> softDelete = node.child("soft_delete").optionalString();
        Optional<JdbcPartitioning> partitioning = readPartitioning(node.child("partitioning"));
        ConfigNode maxRowsNode = node.child("max_rows_per_run");
        Optional<Long> maxRows = positiveInteger(maxRowsNode, "row count");
        if (maxRows.isPresent() && watermark.isEmpty()) {
            maxRowsNode.problem("needs a watermark: without one, a run cannot tell where the next should continue",
                    "Add watermark: {column: updated_at, key: [id]}, or remove max_rows_per_run");
        }
        if (url.isEmpty() || table.isPresent() == query.isPresent()) {
            return Optional.empty();
        }
        JdbcSourceConfig jdbc = new JdbcSourceConfig(url.get(), table, query, user, password, driver, fetchSize, watermark, softDelete,
                partitioning, maxRows);
        return Optional.of(SourceConfig.ofJdbc(sourceName, jdbc));
    }

    private static Optional<WatermarkConfig> readWatermark(ConfigNode node) {
        if (!node.isPresent()) {
            return Optional.empty();
        }
        node.rejectUnknownKeys(WATERMARK_KEYS);
        Optional<String> column = node.child("column").requiredString("Name the column every change updates, e.g. column: updated_at");
        ConfigNode keyNode = node.child("key");
        List<String> keys = keyNode.stringList();
        if (keys.isEmpty()) {
            keyNode.problem("is required", "List the primary key columns, e.g. key: [id]; rows sharing one timestamp are ordered by them");
        }
        ConfigNode lookbackNode = node.child("lookback");
        Duration lookback = lookbackNode.optionalString().flatMap(text -> {
            Optional<Duration> parsed = DurationText.parse(text);
            if (parsed.isEmpty()) {
                lookbackNode.problem("`" + text + "` is not a duration", "Write a whole number and a unit: 90s, 10m, 2h or 1d (or 0)");
            }
            return parsed;
        }).orElse(Duration.ZERO);
        if (column.isEmpty() || keys.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WatermarkConfig(column.get(), keys, lookback));
    }

    private static Optional<JdbcPartitioning> readPartitioning(ConfigNode node) {
        if (!node.isPresent()) {
            return Optional.empty();
        }
        node.rejectUnknownKeys(PARTITIONING_KEYS);
        Optional<String> column = node.child("column").requiredString("Name an integer column to split the read on, e.g. column: id");
        Optional<Long> partitions = positiveInteger(node.child("partitions"), "number of partitions");
        if (node.child("partitions").isPresent() && partitions.isEmpty()) {
            return Optional.empty();
        }
        return column.map(c -> new JdbcPartitioning(c, partitions.orElse(1L).intValue()));
    }

    /**
     * Checks a bronze table that loads a JDBC source: the watermark column must be a declared
     * timestamp column, and the keys, soft-delete and partitioning columns declared columns.
     */
    static void checkTable(JdbcSourceConfig jdbc, ConfigNode tableNode, List<ColumnConfig> columns) {
        Map<String, ColumnConfig> declared = columns.stream().collect(Collectors.toMap(ColumnConfig::name, Function.identity()));
        String sourcePath = "sources." + tableNode.child("source").optionalString().orElse("") + ".";
        jdbc.watermark().ifPresent(watermark -> {
            ColumnConfig column = declared.get(watermark.column());
            if (column == null) {
                tableNode.child("columns").problem("lacks the watermark column `" + watermark.column() + "` of " + sourcePath + "watermark.column",
                        "Declare it as {name: " + watermark.column() + ", type: timestamp, required: true}");
            } else if (column.type().kind() != ColumnType.Kind.TIMESTAMP) {
                tableNode.child("columns").problem("declares the watermark column `" + watermark.column() + "` as "
                        + column.type().sqlName().toLowerCase(Locale.ROOT), "Declare it as type: timestamp");
            }
            for (String key : watermark.keys()) {
                if (!declared.containsKey(key)) {
                    tableNode.child("columns").problem("lacks the watermark key column `" + key + "` of " + sourcePath + "watermark.key",
                            "Declare it, with required: true");
                }
            }
        });
        jdbc.softDelete().filter(c -> !declared.containsKey(c)).ifPresent(c -> tableNode.child("columns").problem(
                "lacks the soft-delete column `" + c + "` of " + sourcePath + "soft_delete", "Declare it, e.g. {name: " + c + ", type: boolean}"));
        jdbc.partitioning().filter(p -> !declared.containsKey(p.column())).ifPresent(p -> tableNode.child("columns").problem(
                "lacks the partitioning column `" + p.column() + "` of " + sourcePath + "partitioning.column", "Declare it as an int or long column"));
    }

    private static Optional<Long> positiveInteger(ConfigNode node, String what) {
        return node.optionalNumber().flatMap(number -> {
            if (number.signum() <= 0 || number.stripTrailingZeros().scale() > 0 || number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                node.problem("must be a whole number from 1 to " + Integer.MAX_VALUE + ", found " + number, "Write a positive " + what);
                return Optional.empty();
            }
            return Optional.of(number.longValue());
        });
    }
}
