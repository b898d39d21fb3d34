package io.medallion.lakehouse.silver;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What {@link SilverMerge} needs to know about one silver table, resolved from its config and its
 * sources' schemas. The events it reads have exactly the columns {@code keys}, {@code sequence},
 * {@code values} and {@link EventColumns#OPERATION}; the table it writes has {@code keys},
 * {@code values}, {@code sequence}, then the SCD2 columns and {@code is_deleted} when they apply.
 *
 * @param keys the columns that identify an entity (composite keys have several)
 * @param sequence the column that orders a key's events: a timestamp, date or number, never null in an event
 * @param values the other columns carried from the events to the table, in table order
 * @param tracked SCD2 only: the columns whose change opens a new version (others update the current version in place)
 * @param deletes what a delete event does; empty when the table takes no deletes (then no event is a delete)
 * @param nullUpdates what a null value in an upsert does to the value the table holds
 * @param partitionBy the table's partition columns (keys, sequence or values), empty for none: a MERGE
 *     whose changed rows fall in few partitions rewrites only those
 */
public record MergeSpec(
        LoadType load,
        List<String> keys,
        String sequence,
        List<String> values,
        List<String> tracked,
        Optional<DeleteMode> deletes,
        NullUpdates nullUpdates,
        List<String> partitionBy) {
    public MergeSpec {
        requireNonNull(load, "load is null");
        keys = List.copyOf(keys);
        requireNonNull(sequence, "sequence is null");
        values = List.copyOf(values);
        tracked = List.copyOf(tracked);
        requireNonNull(deletes, "deletes is null");
        requireNonNull(nullUpdates, "nullUpdates is null");
        partitionBy = List.copyOf(partitionBy);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a silver table needs at least one key column");
        }
        if (!values.containsAll(tracked)) {
            throw new IllegalArgumentException("tracked columns " + tracked + " must be among the value columns " + values);
        }
        for (String column : partitionBy) {
            if (!keys.contains(column) && !sequence.equals(column) && !values.contains(column)) {
                throw new IllegalArgumentException("partition column " + column + " must be a key, the sequence or a value column");
            }
        }
    }

    /** An unpartitioned table. */
    public MergeSpec(LoadType load, List<String> keys, String sequence, List<String> values, List<String> tracked, Optional<DeleteMode> deletes,
            NullUpdates nullUpdates) {
        this(load, keys, sequence, values, tracked, deletes, nullUpdates, List.of());
    }

    /** SCD2's tracked columns: the declared ones, or every value column when none are declared. */
    public List<String> trackedColumns() {
        return tracked.isEmpty() ? values : tracked;
    }

    public boolean softDeletes() {
        return deletes.equals(Optional.of(DeleteMode.SOFT));
    }
}
