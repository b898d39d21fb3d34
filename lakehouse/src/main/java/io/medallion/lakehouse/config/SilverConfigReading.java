package io.medallion.lakehouse.config;

import io.medallion.lakehouse.bronze.MetadataColumns;
import io.medallion.lakehouse.config.SilverTableConfig.ChangeFeed;
import io.medallion.lakehouse.config.SilverTableConfig.PointInTimeLookup;
import io.medallion.lakehouse.silver.ChangeOperation;
import io.medallion.lakehouse.silver.DeleteMode;
import io.medallion.lakehouse.silver.LoadType;
import io.medallion.lakehouse.silver.NullKeys;
import io.medallion.lakehouse.silver.NullUpdates;
import io.medallion.quality.suite.CheckConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the {@code silver:} section into {@link SilverTableConfig}s and checks every name in it
 * against the bronze tables the silver table reads: keys and sequence must be in every table of
 * {@code from} (each event needs them), the other columns in at least one. Lookups are checked once
 * every silver table is read, since they name other silver tables; checks last, against the columns
 * the silver table will have. Like the rest of the loader it never throws: each problem is recorded
 * with its key path and reading goes on.
 */
final class SilverConfigReading {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> TABLE_KEYS = Set.of("description", "from", "load", "keys", "sequence", "tracked", "columns", "nulls",
            "null_keys", "changes", "lookups", "partition_by", "catalog_name", "checks");
    private static final Set<String> CHANGES_KEYS = Set.of("operation", "operations", "deletes");
    private static final Set<String> LOOKUP_KEYS = Set.of("table", "on", "at", "as");
    /** The bronze columns every source has besides its declared ones, with their types. */
    private static final Map<String, ColumnType> BRONZE_METADATA = bronzeMetadata();
    /** The words {@code changes.operations} maps feed values to; all but delete are upserts. */
    private static final String[] OPERATION_WORDS = {"insert", "update", "upsert", "delete"};

    private final Map<String, TableConfig> bronzeTables;

    private SilverConfigReading(Map<String, TableConfig> bronzeTables) {
        this.bronzeTables = bronzeTables;
    }

    /**
     * The tables under {@code silverNode}, in file order.
     *
     * @param bronzeTables the pipeline's bronze tables by their name under {@code bronze:}
     * @param tables every other table by qualified name, which references checks may name besides
     *     the silver tables
     */
    static List<SilverTableConfig> read(ConfigNode silverNode, Map<String, TableConfig> bronzeTables, Map<String, TableConfig> tables) {
        SilverConfigReading reading = new SilverConfigReading(bronzeTables);
        Map<String, ReadTable> read = new LinkedHashMap<>();
        silverNode.entries().forEach((name, node) -> reading.readTable(name, node).ifPresent(table -> read.put(name, table)));
        checkLookups(read);
        Map<String, TableConfig> checkable = new HashMap<>(tables);
        read.values().forEach(table -> checkable.put(table.config().qualifiedName(), table.asTableConfig()));
        List<SilverTableConfig> result = new ArrayList<>();
        for (ReadTable table : read.values()) {
            result.add(table.withChecks(CheckConfigReading.read(table.node().child("checks"), checkable.get(table.config().qualifiedName()), checkable, false)));
        }
        return result;
    }

    /**
     * A silver table as read, with its node and the nodes of its lookups (for later problems) and
     * the columns of its sources with their types (for checks).
     */
    private record ReadTable(SilverTableConfig config, ConfigNode node, List<ConfigNode> lookupNodes, Map<String, ColumnType> sourceColumns) {
        SilverTableConfig withChecks(List<CheckConfig> checks) {
            SilverTableConfig c = config;
            return new SilverTableConfig(c.name(), c.description(), c.from(), c.load(), c.keys(), c.sequence(), c.tracked(), c.changes(), c.nulls(),
                    c.nullKeys(), c.columns(), c.lookups(), c.partitionBy(), c.catalogName(), checks);
        }

        /**
         * The table's columns as its checks see them: a silver table's checks measure each batch's
         * events before the merge, so keys, value columns, sequence and the lookups' columns (typed as
         * timestamps, the usual sequence of an SCD2 table), not the columns the merge adds.
         */
        TableConfig asTableConfig() {
            Map<String, ColumnType> columns = new LinkedHashMap<>();
            config.keys().forEach(key -> columns.put(key, sourceColumns.get(key)));
            valueColumns().forEach(value -> columns.put(value, sourceColumns.get(value)));
            config.sequence().ifPresent(sequence -> columns.put(sequence, sourceColumns.get(sequence)));
            config.lookups().forEach(lookup -> columns.put(lookup.as(), ColumnType.of(ColumnType.Kind.TIMESTAMP)));
            List<ColumnConfig> declared = new ArrayList<>();
            // A column no source declares has been reported already; its checks are then not checked against it.
            columns.values().removeIf(Objects::isNull);
            columns.forEach((name, type) -> declared.add(new ColumnConfig(name, type, false, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of(), Optional.empty())));
            return new TableConfig(config.name(), Layer.SILVER, Optional.empty(), declared, config.keys(), config.partitionBy(),
                    config.catalogName(), SchemaDrift.RESCUE, List.of());
        }

        /** {@code columns:}, or every declared column of the sources that is not a key, the sequence or the operation. */
        private List<String> valueColumns() {
            if (!config.columns().isEmpty()) {
                return config.columns();
            }
            Set<String> excluded = new HashSet<>(config.keys());
            config.sequence().ifPresent(excluded::add);
            config.changes().map(ChangeFeed::operationColumn).ifPresent(excluded::add);
            excluded.addAll(BRONZE_METADATA.keySet());
            return sourceColumns.keySet().stream().filter(name -> !excluded.contains(name)).toList();
        }
    }

    private Optional<ReadTable> readTable(String name, ConfigNode node) {
        node.rejectUnknownKeys(TABLE_KEYS);
        if (!NAME.matcher(name).matches()) {
            node.problem("`" + name + "` is not a valid table name", "Use lower-case letters, digits and underscores, starting with a letter");
        }
        Optional<String> description = node.child("description").optionalString();
        ConfigNode fromNode = node.child("from");
        List<String> from = fromNode.stringList();
        if (from.isEmpty()) {
            fromNode.problem("is required", "Name the bronze tables whose rows are this table's events, e.g. from: [customers]");
        }
        List<TableConfig> sources = new ArrayList<>();
        for (String bronzeName : from) {
            TableConfig source = bronzeTables.get(bronzeName);
            if (source == null) {
                String suggestion = ConfigNode.closest(bronzeName, bronzeTables.keySet()).map(s -> "Did you mean `" + s + "`? ").orElse("");
                fromNode.problem("names `" + bronzeName + "`, which is not a table under bronze",
                        suggestion + "Use one of: " + String.join(", ", bronzeTables.keySet()));
            } else {
                sources.add(source);
            }
        }
        boolean sourcesKnown = !sources.isEmpty() && sources.size() == from.size();
        Columns columns = new Columns(sources, fromNode, sourcesKnown);

        Optional<LoadType> load = enumValue(node.child("load"), LoadType.values(), LoadType::key, "a load type", true);
        ConfigNode keysNode = node.child("keys");
        List<String> keys = keysNode.stringList();
        if (keys.isEmpty()) {
            keysNode.problem("is required", "List the columns that identify an entity, e.g. keys: [customer_id]");
        }
        keys.forEach(key -> columns.inEverySource(keysNode, key));
        ConfigNode sequenceNode = node.child("sequence");
        Optional<String> sequence = sequenceNode.optionalString();
        sequence.ifPresent(column -> columns.inEverySource(sequenceNode, column));
        if (sequence.isEmpty() && load.filter(l -> l != LoadType.APPEND).isPresent()) {
            sequenceNode.problem("is required for a " + load.get().key() + " table",
                    "Name the column that orders each key's events, such as an update time: sequence: updated_at");
        }
        ConfigNode columnsNode = node.child("columns");
        List<String> valueColumns = columnsNode.stringList();
        valueColumns.forEach(column -> columns.inSomeSource(columnsNode, column));
        List<String> tracked = readTracked(node.child("tracked"), load, keys, sequence, valueColumns, columns);
        NullUpdates nulls = enumValue(node.child("nulls"), NullUpdates.values(), NullUpdates::key, "a null policy", false).orElse(NullUpdates.OVERWRITE);
        NullKeys nullKeys = enumValue(node.child("null_keys"), NullKeys.values(), NullKeys::key, "a null key policy", false).orElse(NullKeys.QUARANTINE);
        Optional<ChangeFeed> changes = readChanges(node.child("changes"), load, columns);
        List<PointInTimeLookup> lookups = new ArrayList<>();
        List<ConfigNode> lookupNodes = new ArrayList<>();
        for (ConfigNode lookupNode : node.child("lookups").elements()) {
            readLookup(lookupNode, columns).ifPresent(lookup -> {
                lookups.add(lookup);
                lookupNodes.add(lookupNode);
            });
        }
        ConfigNode partitionNode = node.child("partition_by");
        List<String> partitionBy = partitionNode.stringList();
        partitionBy.forEach(column -> columns.inSomeSource(partitionNode, column));
        for (String column : partitionBy) {
            boolean inTable = keys.contains(column) || sequence.equals(Optional.of(column))
                    || (valueColumns.isEmpty() ? !BRONZE_METADATA.containsKey(column) : valueColumns.contains(column));
            if (!inTable && columns.types().containsKey(column)) {
                partitionNode.problem("names column `" + column + "`, which the silver table does not hold",
                        "Partition by a key, the sequence or one of the table's columns");
            }
        }
        Optional<String> catalogName = node.child("catalog_name").optionalString();
        if (from.isEmpty() || load.isEmpty() || keys.isEmpty()) {
            return Optional.empty();
        }
        SilverTableConfig config = new SilverTableConfig(name, description, from, load.get(), keys, sequence, tracked, changes, nulls, nullKeys,
                valueColumns, lookups, partitionBy, catalogName, List.of());
        return Optional.of(new ReadTable(config, node, lookupNodes, columns.types()));
    }

    /** {@code tracked:}: scd2 only, and only value columns (a key or the sequence never changes within a version). */
    private static List<String> readTracked(ConfigNode node, Optional<LoadType> load, List<String> keys, Optional<String> sequence,
            List<String> valueColumns, Columns columns) {
        List<String> tracked = node.stringList();
        if (tracked.isEmpty()) {
            return tracked;
        }
        if (load.isPresent() && load.get() != LoadType.SCD2) {
            node.problem("is only for scd2 tables, and this one is " + load.get().key(), "Remove tracked, or set load: scd2");
            return List.of();
        }
        for (String column : tracked) {
            if (keys.contains(column) || sequence.equals(Optional.of(column))) {
                node.problem("names `" + column + "`, which is a " + (keys.contains(column) ? "key" : "sequence") + " column, not a value column",
                        "Track value columns only: a version is one key's values over an interval");
            } else if (!valueColumns.isEmpty() && !valueColumns.contains(column)) {
                node.problem("names `" + column + "`, which is not among columns", "Add it to columns, or remove it from tracked");
            } else {
                columns.inSomeSource(node, column);
            }
        }
        return tracked;
    }

    private static Optional<ChangeFeed> readChanges(ConfigNode node, Optional<LoadType> load, Columns columns) {
        if (!node.isPresent()) {
            return Optional.empty();
        }
        if (load.equals(Optional.of(LoadType.APPEND))) {
            node.problem("is not for append tables, which keep each key's first event and take no deletes",
                    "Remove changes, or set load: scd1 or scd2");
            return Optional.empty();
        }
        node.rejectUnknownKeys(CHANGES_KEYS);
        ConfigNode operationNode = node.child("operation");
        Optional<String> operation = operationNode.requiredString("Name the column holding each event's operation, e.g. operation: op");
        operation.ifPresent(column -> columns.inSomeSource(operationNode, column));
        Map<String, ChangeOperation> operations = new HashMap<>(ChangeFeed.COMMON_OPERATIONS);
        Map<String, String> writtenAs = new HashMap<>();
        node.child("operations").entries().forEach((value, valueNode) -> {
            String lowerCase = value.toLowerCase(Locale.ROOT);
            String earlier = writtenAs.putIfAbsent(lowerCase, value);
            if (earlier != null) {
                valueNode.problem("is the same operation as `" + earlier + "`: operation values are matched ignoring case", "Keep one of them");
                return;
            }
            enumValue(valueNode, OPERATION_WORDS, Function.identity(), "an operation", true).ifPresent(word ->
                    operations.put(lowerCase, word.equals("delete") ? ChangeOperation.DELETE : ChangeOperation.UPSERT));
        });
        Optional<DeleteMode> deletes = enumValue(node.child("deletes"), DeleteMode.values(), DeleteMode::key, "a delete mode", true);
        if (operation.isEmpty() || deletes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChangeFeed(operation.get(), operations, deletes.get()));
    }

    private static Optional<PointInTimeLookup> readLookup(ConfigNode node, Columns columns) {
        node.rejectUnknownKeys(LOOKUP_KEYS);
        Optional<String> table = node.child("table").requiredString("Name the scd2 silver table to look up, e.g. table: dim_customer");
        ConfigNode onNode = node.child("on");
        List<String> on = onNode.stringList();
        if (on.isEmpty()) {
            onNode.problem("is required", "List this table's columns holding the looked-up table's key, in key order, e.g. on: [customer_id]");
        }
        on.forEach(column -> columns.inSomeSource(onNode, column));
        ConfigNode atNode = node.child("at");
        Optional<String> at = atNode.requiredString("Name the column holding when each event happened, e.g. at: transaction_ts");
        at.ifPresent(column -> columns.inSomeSource(atNode, column));
        ConfigNode asNode = node.child("as");
        Optional<String> as = asNode.optionalString();
        as.filter(name -> !NAME.matcher(name).matches()).ifPresent(name ->
                asNode.problem("`" + name + "` is not a valid column name", "Use lower-case letters, digits and underscores, starting with a letter"));
        if (table.isEmpty() || on.isEmpty() || at.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PointInTimeLookup(table.get(), on, at.get(), as.orElse(table.get() + "_valid_from")));
    }

    /**
     * Lookups name silver tables, so they are checked once all are read: each must name an scd2
     * table, with as many {@code on} columns as its keys, and no table may reach itself through them.
     */
    private static void checkLookups(Map<String, ReadTable> tables) {
        String scd2Tables = tables.values().stream().filter(t -> t.config().load() == LoadType.SCD2).map(t -> t.config().name())
                .collect(Collectors.joining(", "));
        for (ReadTable table : tables.values()) {
            Set<String> added = new HashSet<>();
            for (int i = 0; i < table.config().lookups().size(); i++) {
                PointInTimeLookup lookup = table.config().lookups().get(i);
                ConfigNode node = table.lookupNodes().get(i);
                ReadTable looked = tables.get(lookup.table());
                if (looked == null) {
                    node.child("table").problem("names `" + lookup.table() + "`, which is not a table under silver",
                            scd2Tables.isEmpty() ? "Declare the scd2 table under silver:" : "Use one of the scd2 tables: " + scd2Tables);
                } else if (looked.config().load() != LoadType.SCD2) {
                    node.child("table").problem("names " + looked.config().qualifiedName() + ", which is " + looked.config().load().key()
                                    + "; a point-in-time lookup needs an scd2 table's versions",
                            "Look up an scd2 table, or set load: scd2 on " + lookup.table());
                } else if (looked.config().keys().size() != lookup.on().size()) {
                    node.child("on").problem("has " + lookup.on().size() + " columns, but " + looked.config().qualifiedName() + " has "
                                    + looked.config().keys().size() + " key columns (" + String.join(", ", looked.config().keys()) + ")",
                            "Give one column of this table per key column, in key order");
                }
                if (!added.add(lookup.as())) {
                    node.child("as").problem("`" + lookup.as() + "` is also the column of another lookup of this table", "Give each lookup its own as:");
                } else if (table.sourceColumns().containsKey(lookup.as())) {
                    node.child("as").problem("`" + lookup.as() + "` is already a column of the sources", "Name the added column with as:, e.g. as: "
                            + lookup.table() + "_valid_from_at_" + lookup.at());
                }
            }
        }
        new LookupCycles(tables).report();
    }

    /** Finds each cycle of lookups once (depth first, in file order) and reports it at the lookup that closes it. */
    private static final class LookupCycles {
        private final Map<String, ReadTable> tables;
        private final Set<String> done = new HashSet<>();
        private final List<String> path = new ArrayList<>();

        LookupCycles(Map<String, ReadTable> tables) {
            this.tables = tables;
        }

        void report() {
            tables.keySet().forEach(this::visit);
        }

        private void visit(String name) {
            if (done.contains(name)) {
                return;
            }
            path.add(name);
            ReadTable table = tables.get(name);
            for (int i = 0; i < table.config().lookups().size(); i++) {
                PointInTimeLookup lookup = table.config().lookups().get(i);
                int start = path.indexOf(lookup.table());
                if (start >= 0) {
                    List<String> cycle = new ArrayList<>(path.subList(start, path.size()));
                    cycle.add(lookup.table());
                    table.lookupNodes().get(i).child("table").problem("closes a cycle of lookups: " + String.join(" -> ", cycle),
                            "A table cannot look itself up, directly or through other tables; remove one of these lookups");
                } else if (tables.containsKey(lookup.table())) {
                    visit(lookup.table());
                }
            }
            path.remove(path.size() - 1);
            done.add(name);
        }
    }

    /** The columns of a silver table's sources, and the checks that names are among them. */
    private static final class Columns {
        private final List<TableConfig> sources;
        private final boolean known;
        private final Map<String, ColumnType> types = new LinkedHashMap<>();

        /**
         * @param known false when a table of {@code from} could not be found: columns are then not
         *     checked, since the missing table might declare them
         */
        Columns(List<TableConfig> sources, ConfigNode fromNode, boolean known) {
            this.sources = sources;
            this.known = known;
            Map<String, String> declaredBy = new HashMap<>();
            for (TableConfig source : sources) {
                for (ColumnConfig column : source.columns()) {
                    ColumnType earlier = types.putIfAbsent(column.name(), column.type());
                    if (earlier != null && !earlier.equals(column.type())) {
                        fromNode.problem("reads column `" + column.name() + "` as " + sqlName(earlier) + " from " + declaredBy.get(column.name())
                                        + " but as " + sqlName(column.type()) + " from " + source.qualifiedName(),
                                "Declare the column with one type in every table of from; their rows are unioned by column name");
                    }
                    declaredBy.putIfAbsent(column.name(), source.qualifiedName());
                }
            }
            types.putAll(BRONZE_METADATA);
        }

        Map<String, ColumnType> types() {
            return types;
        }

        /** Records a problem when {@code column} is missing from any source (keys and sequence: every event needs them). */
        void inEverySource(ConfigNode node, String column) {
            if (!known || BRONZE_METADATA.containsKey(column)) {
                return;
            }
            if (!types.containsKey(column)) {
                unknown(node, column);
                return;
            }
            for (TableConfig source : sources) {
                if (!source.columnNames().contains(column)) {
                    node.problem("names column `" + column + "`, which " + source.qualifiedName() + " does not declare; every table of from needs it",
                            "Declare " + column + " in " + source.qualifiedName() + ", or remove " + source.name() + " from from");
                }
            }
        }

        /** Records a problem when no source has {@code column}. */
        void inSomeSource(ConfigNode node, String column) {
            if (known && !types.containsKey(column)) {
                unknown(node, column);
            }
        }

        private void unknown(ConfigNode node, String column) {
            String suggestion = ConfigNode.closest(column, types.keySet()).map(s -> "Did you mean `" + s + "`? ").orElse("");
            node.problem("names column `" + column + "`, which no table of from declares (" + sources.stream().map(TableConfig::qualifiedName)
                    .collect(Collectors.joining(", ")) + ")", suggestion + "Use a declared column or " + String.join(", ", BRONZE_METADATA.keySet()));
        }

        private static String sqlName(ColumnType type) {
            return type.sqlName().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The constant of {@code values} whose key is {@code node}'s text (any case), or empty with a
     * problem naming the accepted keys and the closest one.
     */
    private static <T> Optional<T> enumValue(ConfigNode node, T[] values, Function<T, String> key, String what, boolean required) {
        String accepted = Arrays.stream(values).map(key).collect(Collectors.joining(", "));
        Optional<String> text = required ? node.requiredString("Set it to one of: " + accepted) : node.optionalString();
        return text.flatMap(written -> {
            Optional<T> found = Arrays.stream(values).filter(v -> key.apply(v).equalsIgnoreCase(written)).findFirst();
            if (found.isEmpty()) {
                String suggestion = ConfigNode.closest(written.toLowerCase(Locale.ROOT), Arrays.stream(values).map(key).collect(Collectors.toSet()))
                        .map(s -> "Did you mean `" + s + "`? ").orElse("");
                node.problem("`" + written + "` is not " + what, suggestion + "Use one of: " + accepted);
            }
            return found;
        });
    }

    private static Map<String, ColumnType> bronzeMetadata() {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        columns.put(MetadataColumns.INGEST_DATE, ColumnType.of(ColumnType.Kind.DATE));
        columns.put(MetadataColumns.INGESTED_AT, ColumnType.of(ColumnType.Kind.TIMESTAMP));
        columns.put(MetadataColumns.BATCH_ID, ColumnType.of(ColumnType.Kind.STRING));
        columns.put(MetadataColumns.SOURCE_FILE, ColumnType.of(ColumnType.Kind.STRING));
        return Collections.unmodifiableMap(columns);
    }
}
