package io.medallion.lakehouse.silver;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.medallion.lakehouse.bronze.MetadataColumns;
import io.medallion.lakehouse.config.SilverTableConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns bronze rows into a silver table's events: the key, sequence and value columns (a source
 * that lacks a value column gives null), and the operation, read from the change feed's column
 * and mapped to upsert or delete ({@code upsert} for a source without that column). Rows that
 * cannot be events are marked with why, in {@link #FAILED_RULES}: a null sequence, an operation
 * the feed config does not name, a null key (unless the table matches null keys).
 */
public final class SilverEvents {
    /** The quarantine rules an event failed; empty for a valid event. */
    public static final String FAILED_RULES = "_failed_rules";
    /** Quarantine: the bronze row the event was made from, as JSON. */
    public static final String RAW_RECORD = MetadataColumns.RAW_RECORD;
    /** The bronze table an event (or a quarantined row) came from. */
    public static final String SOURCE_TABLE = "_source_table";
    /** Bronze's arrival time: the sequence of an append table that names none. */
    static final String ARRIVAL = MetadataColumns.INGESTED_AT;

    private static final Set<String> BRONZE_METADATA = Set.of(MetadataColumns.SOURCE_FILE, MetadataColumns.INGEST_DATE,
            MetadataColumns.BATCH_ID, MetadataColumns.RUN_ID, MetadataColumns.INGESTED_AT, MetadataColumns.RESCUED_DATA);

    private final SilverTableConfig table;
    private final MergeSpec spec;
    private final Map<String, DataType> types;

    private SilverEvents(SilverTableConfig table, MergeSpec spec, Map<String, DataType> types) {
        this.table = table;
        this.spec = spec;
        this.types = types;
    }

    /**
     * Resolves the table's columns against its sources' schemas (the first source declaring a
     * column gives its type). {@code lookupColumns} are the columns point-in-time lookups add.
     */
    public static SilverEvents resolve(SilverTableConfig table, Map<String, StructType> sourceSchemas, List<StructField> lookupColumns) {
        Map<String, DataType> types = new LinkedHashMap<>();
        sourceSchemas.values().forEach(schema -> {
            for (StructField field : schema.fields()) {
                types.putIfAbsent(field.name(), field.dataType());
            }
        });
        String sequence = table.sequence().orElse(ARRIVAL);
        Optional<String> operation = table.changes().map(SilverTableConfig.ChangeFeed::operationColumn);
        List<String> values = new ArrayList<>();
        List<String> declared = table.columns().isEmpty() ? List.copyOf(types.keySet()) : table.columns();
        for (String name : declared) {
            if (!BRONZE_METADATA.contains(name) && !table.keys().contains(name) && !name.equals(sequence) && !operation.equals(Optional.of(name))) {
                values.add(name);
            }
        }
        lookupColumns.forEach(field -> {
            values.add(field.name());
            types.put(field.name(), field.dataType());
        });
        MergeSpec spec = new MergeSpec(table.load(), table.keys(), sequence, values, table.tracked(),
                table.changes().map(SilverTableConfig.ChangeFeed::deletes), table.nulls(), table.partitionBy());
        return new SilverEvents(table, spec, types);
    }

    public MergeSpec spec() {
        return spec;
    }

    /**
     * One source's rows as events, with {@link #SOURCE_TABLE}, {@link #FAILED_RULES} and the bronze
     * row as {@link #RAW_RECORD} (computed only by plans that keep it: the quarantine's); columns a
     * lookup adds are not there yet.
     */
    public Dataset<Row> project(String source, Dataset<Row> rows, Set<String> lookupColumns) {
        Set<String> present = Set.of(rows.columns());
        List<Column> columns = new ArrayList<>();
        for (String name : spec.keys()) {
            columns.add(column(name, present));
        }
        columns.add(column(spec.sequence(), present));
        for (String name : spec.values()) {
            if (!lookupColumns.contains(name)) {
                columns.add(column(name, present));
            }
        }
        Column operation = operation(present);
        columns.add(operation.as(EventColumns.OPERATION));
        columns.add(lit(source).as(SOURCE_TABLE));
        columns.add(failedRules(present, operation).as(FAILED_RULES));
        columns.add(to_json(struct(Arrays.stream(rows.columns()).map(name -> rows.col(name)).toArray(Column[]::new))).as(RAW_RECORD));
        return rows.select(columns.toArray(Column[]::new));
    }

    /** The events that passed: the merge's columns only, but for those the lookups add. */
    public Dataset<Row> valid(Dataset<Row> events, Set<String> lookupColumns) {
        List<Column> columns = new ArrayList<>();
        spec.keys().forEach(name -> columns.add(col(name)));
        columns.add(col(spec.sequence()));
        spec.values().stream().filter(name -> !lookupColumns.contains(name)).forEach(name -> columns.add(col(name)));
        columns.add(col(EventColumns.OPERATION));
        return events.where(size(col(FAILED_RULES)).equalTo(0)).select(columns.toArray(Column[]::new));
    }

    /** The rows that cannot be events, with why. */
    public static Dataset<Row> rejected(Dataset<Row> events) {
        return events.where(size(col(FAILED_RULES)).gt(0));
    }

    private Column column(String name, Set<String> present) {
        Column value = present.contains(name) ? col(name) : lit(null);
        return value.cast(types.get(name)).as(name);
    }

    private Column operation(Set<String> present) {
        Optional<SilverTableConfig.ChangeFeed> feed = table.changes();
        if (feed.isEmpty() || !present.contains(feed.get().operationColumn())) {
            return lit(ChangeOperation.UPSERT.key());
        }
        Column raw = lower(trim(col(feed.get().operationColumn()).cast("string")));
        Column mapped = lit(null).cast("string");
        for (Map.Entry<String, ChangeOperation> name : feed.get().operations().entrySet()) {
            mapped = when(raw.equalTo(lit(name.getKey().toLowerCase(java.util.Locale.ROOT))), lit(name.getValue().key())).otherwise(mapped);
        }
        return mapped;
    }

    private Column failedRules(Set<String> present, Column operation) {
        List<Column> rules = new ArrayList<>();
        rules.add(when(column(spec.sequence(), present).isNull(), lit("null_sequence")));
        rules.add(when(operation.isNull(), lit("unknown_operation")));
        if (table.nullKeys() == NullKeys.QUARANTINE) {
            Column anyNull = lit(false);
            for (String key : spec.keys()) {
                anyNull = anyNull.or(column(key, present).isNull());
            }
            rules.add(when(anyNull, lit("null_key")));
        }
        return array_compact(array(rules.toArray(Column[]::new)));
    }
}
