package io.medallion.lakehouse.silver.model;

import static java.util.Objects.requireNonNull;

import io.medallion.lakehouse.silver.ChangeOperation;
import io.medallion.lakehouse.silver.EventColumns;
import io.medallion.lakehouse.silver.LoadType;
import io.medallion.lakehouse.silver.MergeSpec;
import io.medallion.lakehouse.silver.NullUpdates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The silver table that a set of events gives, computed the plainest way the specification in
 * {@link io.medallion.lakehouse.silver.SilverMerge}'s Javadoc allows: drop identical events, group by
 * key, sort each key's events, fold them one by one. Ordinary collections, no Spark, no shortcuts; it
 * exists only to check the MERGE path against, so it is written to be read, not to be fast.
 */
public final class ReferenceModel {
    private final MergeSpec spec;

    public ReferenceModel(MergeSpec spec) {
        this.spec = requireNonNull(spec, "spec is null");
    }

    /** The table's columns in order: keys, values, sequence, then the SCD2 columns and is_deleted when they apply. */
    public List<String> columns() {
        List<String> columns = new ArrayList<>(spec.keys());
        columns.addAll(spec.values());
        columns.add(spec.sequence());
        if (spec.load() == LoadType.SCD2) {
            columns.addAll(List.of(EventColumns.EFFECTIVE_FROM, EventColumns.EFFECTIVE_TO, EventColumns.IS_CURRENT, EventColumns.VERSION));
        }
        if (spec.softDeletes()) {
            columns.add(EventColumns.IS_DELETED);
        }
        return columns;
    }

    /** The rows (in {@link #columns()} order) that the set of {@code events} gives; arrival order and repeats do not matter. */
    public List<List<Object>> table(Collection<Event> events) {
        Map<List<Object>, List<Event>> eventsByKey = new LinkedHashMap<>();
        for (Event event : new LinkedHashSet<>(events)) {
            checkAllowed(event);
            eventsByKey.computeIfAbsent(event.key(), key -> new ArrayList<>()).add(event);
        }
        List<List<Object>> rows = new ArrayList<>();
        eventsByKey.forEach((key, keyEvents) -> {
            List<Event> ordered = new ArrayList<>(keyEvents);
            ordered.sort(ValueOrder.EVENT);
            rows.addAll(switch (spec.load()) {
                case APPEND -> List.of(row(key, ordered.get(0).values(), ordered.get(0).sequence()));
                case SCD1 -> scd1Rows(key, ordered);
                case SCD2 -> scd2Rows(key, ordered);
            });
        });
        return rows;
    }

    private void checkAllowed(Event event) {
        if (event.operation() == ChangeOperation.DELETE && (spec.load() == LoadType.APPEND || spec.deletes().isEmpty())) {
            throw new IllegalArgumentException("a table that takes no deletes was given a delete: " + event);
        }
        if (event.key().size() != spec.keys().size() || event.values().size() != spec.values().size()) {
            throw new IllegalArgumentException("event does not match the spec's key and value columns: " + event);
        }
    }

    private List<List<Object>> scd1Rows(List<Object> key, List<Event> ordered) {
        State state = State.ABSENT;
        List<Object> values = null;
        Comparable<?> sequence = null;
        for (Event event : ordered) {
            if (event.operation() == ChangeOperation.UPSERT) {
                values = state == State.LIVE ? upserted(values, event.values()) : event.values();
                state = State.LIVE;
                sequence = event.sequence();
            } else if (state == State.LIVE) {
                state = spec.softDeletes() ? State.DELETED : State.ABSENT;
                sequence = event.sequence();
            }
        }
        if (state == State.ABSENT) {
            return List.of();
        }
        List<Object> row = row(key, values, sequence);
        if (spec.softDeletes()) {
            row.add(state == State.DELETED);
        }
        return List.of(row);
    }

    private List<List<Object>> scd2Rows(List<Object> key, List<Event> ordered) {
        List<Version> versions = new ArrayList<>();
        Version open = null;
        for (Event event : ordered) {
            if (event.operation() == ChangeOperation.UPSERT) {
                if (open == null || open.deleted) {
                    open = openVersion(versions, open, event, event.values(), false);
                } else {
                    List<Object> values = upserted(open.values, event.values());
                    if (tracked(values).equals(tracked(open.values))) {
                        open.values = values;
                        open.sequence = event.sequence();
                    } else {
                        open = openVersion(versions, open, event, values, false);
                    }
                }
            } else if (open != null && !open.deleted) {
                if (spec.softDeletes()) {
                    open = openVersion(versions, open, event, open.values, true);
                } else {
                    close(open, event);
                    open = null;
                }
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Version version : versions) {
            List<Object> row = row(key, version.values, version.sequence);
            row.addAll(Arrays.asList(version.effectiveFrom, version.effectiveTo, version.effectiveTo == null, version.number));
            if (spec.softDeletes()) {
                row.add(version.deleted);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Closes {@code open} (when there is one) at the event and opens the key's next version. */
    private static Version openVersion(List<Version> versions, Version open, Event event, List<Object> values, boolean deleted) {
        close(open, event);
        Version next = new Version(values, event.sequence(), versions.size() + 1, deleted);
        versions.add(next);
        return next;
    }

    /** Closes {@code open} at the event; the closed version keeps the sequence of the last event that set it. */
    private static void close(Version open, Event event) {
        if (open != null) {
            open.effectiveTo = event.sequence();
        }
    }

    private List<Object> upserted(List<Object> held, List<Object> incoming) {
        if (spec.nullUpdates() == NullUpdates.OVERWRITE) {
            return incoming;
        }
        List<Object> values = new ArrayList<>();
        for (int column = 0; column < held.size(); column++) {
            values.add(incoming.get(column) != null ? incoming.get(column) : held.get(column));
        }
        return values;
    }

    private List<Object> tracked(List<Object> values) {
        List<Object> tracked = new ArrayList<>();
        for (String column : spec.trackedColumns()) {
            tracked.add(values.get(spec.values().indexOf(column)));
        }
        return tracked;
    }

    private static List<Object> row(List<Object> key, List<Object> values, Comparable<?> sequence) {
        List<Object> row = new ArrayList<>(key);
        row.addAll(values);
        row.add(sequence);
        return row;
    }

    private enum State {
        ABSENT,
        LIVE,
        DELETED
    }

    /** One SCD2 version while the fold builds it. */
    private static final class Version {
        private List<Object> values;
        private Comparable<?> sequence;
        private final Comparable<?> effectiveFrom;
        private Comparable<?> effectiveTo;
        private final int number;
        private final boolean deleted;

        private Version(List<Object> values, Comparable<?> effectiveFrom, int number, boolean deleted) {
            this.values = values;
            this.sequence = effectiveFrom;
            this.effectiveFrom = effectiveFrom;
            this.number = number;
            this.deleted = deleted;
        }
    }
}
