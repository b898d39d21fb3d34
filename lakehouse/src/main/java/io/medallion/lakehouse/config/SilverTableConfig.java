package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

import io.medallion.lakehouse.silver.ChangeOperation;
import io.medallion.lakehouse.silver.DeleteMode;
import io.medallion.lakehouse.silver.LoadType;
import io.medallion.lakehouse.silver.NullKeys;
import io.medallion.lakehouse.silver.NullUpdates;
import io.medallion.quality.suite.CheckConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A silver table: which bronze tables its events come from and how they are applied.
 *
 * @param from the bronze tables (names under {@code bronze:}) whose rows are this table's events;
 *     several are unioned by column name (a snapshot table and a change feed of the same entity)
 * @param sequence the column ordering a key's events; when absent (append only) the bronze arrival
 *     time {@code _ingested_at}
 * @param tracked SCD2: the columns whose change opens a new version; empty means every value column
 * @param changes the change feed's operation column and names; empty when every event is an upsert
 * @param columns the value columns to carry; empty means every non-metadata column of the sources
 * @param lookups point-in-time joins to SCD2 tables, applied to the events before the merge
 */
public record SilverTableConfig(
        String name,
        Optional<String> description,
        List<String> from,
        LoadType load,
        List<String> keys,
        Optional<String> sequence,
        List<String> tracked,
        Optional<ChangeFeed> changes,
        NullUpdates nulls,
        NullKeys nullKeys,
        List<String> columns,
        List<PointInTimeLookup> lookups,
        List<String> partitionBy,
        Optional<String> catalogName,
        List<CheckConfig> checks) {
    public SilverTableConfig {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        from = List.copyOf(from);
        requireNonNull(load, "load is null");
        keys = List.copyOf(keys);
        requireNonNull(sequence, "sequence is null");
        tracked = List.copyOf(tracked);
        requireNonNull(changes, "changes is null");
        requireNonNull(nulls, "nulls is null");
        requireNonNull(nullKeys, "nullKeys is null");
        columns = List.copyOf(columns);
        lookups = List.copyOf(lookups);
        partitionBy = List.copyOf(partitionBy);
        requireNonNull(catalogName, "catalogName is null");
        checks = List.copyOf(checks);
    }

    /** {@code silver.dim_customer}: how logs, audit rows and errors name this table. */
    public String qualifiedName() {
        return Layer.SILVER.key() + "." + name;
    }

    /**
     * A change feed: the column naming each event's operation and what its values mean.
     *
     * @param operationColumn the column holding the operation; bronze tables in {@code from} without
     *     it give upserts
     * @param operations every accepted value (as written in the feed) and its operation; the loader
     *     starts from {@link #COMMON_OPERATIONS} and adds the config's {@code operations:} entries
     * @param deletes what a delete does
     */
    public record ChangeFeed(String operationColumn, Map<String, ChangeOperation> operations, DeleteMode deletes) {
        /**
         * The operation names of common feeds, matched case-insensitively: plain words, Debezium
         * ({@code c}, {@code u}, {@code d}, {@code r} for snapshot reads), AWS DMS and GoldenGate
         * ({@code I}, {@code U}, {@code D}), SQL Server CDC's numeric codes as text
         * ({@code 1} delete, {@code 2} insert, {@code 4} update after image).
         */
        public static final Map<String, ChangeOperation> COMMON_OPERATIONS = Map.ofEntries(
                Map.entry("insert", ChangeOperation.UPSERT), Map.entry("update", ChangeOperation.UPSERT),
                Map.entry("upsert", ChangeOperation.UPSERT), Map.entry("delete", ChangeOperation.DELETE),
                Map.entry("c", ChangeOperation.UPSERT), Map.entry("u", ChangeOperation.UPSERT),
                Map.entry("r", ChangeOperation.UPSERT), Map.entry("d", ChangeOperation.DELETE),
                Map.entry("i", ChangeOperation.UPSERT),
                Map.entry("1", ChangeOperation.DELETE), Map.entry("2", ChangeOperation.UPSERT), Map.entry("4", ChangeOperation.UPSERT));

        public ChangeFeed {
            requireNonNull(operationColumn, "operationColumn is null");
            operations = Map.copyOf(operations);
            requireNonNull(deletes, "deletes is null");
        }
    }

    /**
     * Adds to each event the version of an SCD2 table's entity that was valid at the event's time,
     * the version whose [effective_from, effective_to) holds {@code at}, as that version's
     * {@code effective_from}: with the key it names the version, and unlike a version number it
     * stays right when a late change is stitched into the entity's history before it. Events with
     * no such version get null, and are counted.
     *
     * @param table the SCD2 silver table (a name under {@code silver:})
     * @param on the event's columns holding the SCD2 table's key, in key order
     * @param at the event's column holding the time the event happened
     * @param as the name of the added column (default {@code <table>_valid_from})
     */
    public record PointInTimeLookup(String table, List<String> on, String at, String as) {
        public PointInTimeLookup {
            requireNonNull(table, "table is null");
            on = List.copyOf(on);
            requireNonNull(at, "at is null");
            requireNonNull(as, "as is null");
        }
    }
}
