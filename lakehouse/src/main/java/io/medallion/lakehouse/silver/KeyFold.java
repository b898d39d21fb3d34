package io.medallion.lakehouse.silver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Applies one key's events in order (the fold {@link SilverMerge} specifies) and returns what the
 * table must change for that key: each row with its MERGE action ({@value #INSERT}, {@value #UPDATE}
 * or {@value #DELETE}); rows that stay as they are are not returned.
 *
 * <p>Reads rows in {@link FoldInput}'s shape: the key's held rows, and its events. When one of the
 * events is a {@link FoldInput.Kind#RECOMPUTED_EVENT}, the fold starts from nothing and the held rows
 * are only compared with the result; otherwise it continues from the held state.
 */
final class KeyFold implements FlatMapGroupsFunction<Row, Row, Row> {
    static final String INSERT = "insert";
    static final String UPDATE = "update";
    static final String DELETE = "delete";

    private static final long serialVersionUID = 1L;

    private final LoadType load;
    private final DeleteMode deletes;
    private final NullUpdates nulls;
    private final int keyCount;
    private final int valueCount;
    private final int[] tracked;

    /** @param spec the table's spec; only its serializable parts are kept, for the executors */
    KeyFold(MergeSpec spec) {
        this.load = spec.load();
        this.deletes = spec.deletes().orElse(null);
        this.nulls = spec.nullUpdates();
        this.keyCount = spec.keys().size();
        this.valueCount = spec.values().size();
        this.tracked = spec.trackedColumns().stream().mapToInt(spec.values()::indexOf).toArray();
    }

    private int sequenceIndex() {
        return keyCount + valueCount;
    }

    private int operationIndex() {
        return sequenceIndex() + 1;
    }

    private int kindIndex() {
        return operationIndex() + 6;
    }

    @Override
    public Iterator<Row> call(Row key, Iterator<Row> rows) {
        List<Row> held = new ArrayList<>();
        List<Row> events = new ArrayList<>();
        boolean recompute = false;
        while (rows.hasNext()) {
            Row row = rows.next();
            FoldInput.Kind kind = FoldInput.Kind.valueOf(row.getString(kindIndex()));
            if (kind == FoldInput.Kind.HELD) {
                held.add(row);
            } else {
                events.add(row);
                recompute |= kind == FoldInput.Kind.RECOMPUTED_EVENT;
            }
        }
        events.sort(eventOrder());
        List<Object[]> heldRows = held.stream().map(this::tableRow).toList();
        List<Object[]> desired = switch (load) {
            case APPEND -> firstEvent(key, held, events);
            case SCD1 -> latestState(key, recompute ? List.of() : held, events);
            case SCD2 -> versions(key, recompute ? List.of() : held, events);
        };
        return changes(heldRows, desired).iterator();
    }

    /** Sequence, then upsert before delete, then the values column by column. */
    Comparator<Row> eventOrder() {
        return (left, right) -> {
            int order = EventValues.compare(left.get(sequenceIndex()), right.get(sequenceIndex()));
            if (order != 0) {
                return order;
            }
            order = Boolean.compare(isDelete(left), isDelete(right));
            for (int i = keyCount; order == 0 && i < keyCount + valueCount; i++) {
                order = EventValues.compare(left.get(i), right.get(i));
            }
            return order;
        };
    }

    private boolean isDelete(Row event) {
        return ChangeOperation.DELETE.key().equals(event.get(operationIndex()));
    }

    private Object[] values(Row row) {
        Object[] values = new Object[valueCount];
        for (int i = 0; i < valueCount; i++) {
            values[i] = row.get(keyCount + i);
        }
        return values;
    }

    /** The values after an upsert on a live key with {@code held} values. */
    private Object[] upserted(Object[] held, Row event) {
        Object[] values = values(event);
        if (nulls == NullUpdates.IGNORE) {
            for (int i = 0; i < valueCount; i++) {
                if (values[i] == null) {
                    values[i] = held[i];
                }
            }
        }
        return values;
    }

    private boolean trackedChanged(Object[] before, Object[] after) {
        for (int i : tracked) {
            if (!EventValues.same(before[i], after[i])) {
                return true;
            }
        }
        return false;
    }

    // ---- append: the key's first event, held or new

    private List<Object[]> firstEvent(Row key, List<Row> held, List<Row> events) {
        List<Row> candidates = new ArrayList<>(held);
        candidates.addAll(events);
        return candidates.stream().min(eventOrder())
                .map(first -> List.<Object[]>of(row(key, values(first), first.get(sequenceIndex()), null, false)))
                .orElse(List.of());
    }

    // ---- scd1: one row per live or soft-deleted key

    private List<Object[]> latestState(Row key, List<Row> held, List<Row> events) {
        Object[] values = null;
        Object sequence = null;
        boolean deleted = false;
        if (!held.isEmpty()) {
            Row row = held.get(0);
            values = values(row);
            sequence = row.get(sequenceIndex());
            deleted = Boolean.TRUE.equals(row.get(operationIndex() + 5));
        }
        for (Row event : events) {
            boolean live = values != null && !deleted;
            if (!isDelete(event)) {
                values = live ? upserted(values, event) : values(event);
                sequence = event.get(sequenceIndex());
                deleted = false;
            } else if (live && deletes == DeleteMode.HARD) {
                values = null;
            } else if (live) {
                deleted = true;
                sequence = event.get(sequenceIndex());
            }
        }
        return values == null ? List.of() : List.<Object[]>of(row(key, values, sequence, null, deleted));
    }

    // ---- scd2: every version

    /** One SCD2 version while the fold runs. */
    private static final class Version {
        Object[] values;
        Object sequence;
        Object from;
        Object to;
        boolean current;
        int number;
        boolean deleted;
    }

    private List<Object[]> versions(Row key, List<Row> held, List<Row> events) {
        List<Version> versions = new ArrayList<>();
        Version open = null;
        for (Row row : held) {
            Version version = new Version();
            version.values = values(row);
            version.sequence = row.get(sequenceIndex());
            version.from = row.get(operationIndex() + 1);
            version.to = row.get(operationIndex() + 2);
            version.current = Boolean.TRUE.equals(row.get(operationIndex() + 3));
            version.number = row.getInt(operationIndex() + 4);
            version.deleted = Boolean.TRUE.equals(row.get(operationIndex() + 5));
            versions.add(version);
            if (version.current) {
                open = version;
            }
        }
        int count = versions.stream().mapToInt(v -> v.number).max().orElse(0);
        for (Row event : events) {
            Object sequence = event.get(sequenceIndex());
            boolean live = open != null && !open.deleted;
            Object[] next = null;
            if (!isDelete(event)) {
                if (!live) {
                    next = values(event);
                } else {
                    Object[] values = upserted(open.values, event);
                    if (trackedChanged(open.values, values)) {
                        next = values;
                    } else {
                        open.values = values;
                        open.sequence = sequence;
                    }
                }
            } else if (live && deletes == DeleteMode.SOFT) {
                next = open.values;
            } else if (live) {
                close(open, sequence);
                open = null;
            }
            if (next != null) {
                if (open != null) {
                    close(open, sequence);
                }
                open = new Version();
                open.values = next;
                open.sequence = sequence;
                open.from = sequence;
                open.current = true;
                open.number = ++count;
                open.deleted = isDelete(event);
                versions.add(open);
            }
        }
        List<Object[]> rows = new ArrayList<>();
        for (Version version : versions) {
            rows.add(row(key, version.values, version.sequence, version, version.deleted));
        }
        return rows;
    }

    private static void close(Version version, Object sequence) {
        version.to = sequence;
        version.current = false;
    }

    // ---- table rows and their differences

    private int tableWidth() {
        return keyCount + valueCount + 1 + (load == LoadType.SCD2 ? 4 : 0) + (deletes == DeleteMode.SOFT ? 1 : 0);
    }

    private Object[] row(Row key, Object[] values, Object sequence, Version version, boolean deleted) {
        Object[] row = new Object[tableWidth()];
        for (int i = 0; i < keyCount; i++) {
            row[i] = key.get(i);
        }
        System.arraycopy(values, 0, row, keyCount, valueCount);
        int next = keyCount + valueCount;
        row[next++] = sequence;
        if (version != null) {
            row[next++] = version.from;
            row[next++] = version.to;
            row[next++] = version.current;
            row[next++] = version.number;
        }
        if (deletes == DeleteMode.SOFT) {
            row[next] = deleted;
        }
        return row;
    }

    /** A held row (in {@link FoldInput}'s shape) as the table holds it. */
    private Object[] tableRow(Row held) {
        Object[] row = new Object[tableWidth()];
        int next = 0;
        for (int i = 0; i <= sequenceIndex(); i++) {
            row[next++] = held.get(i);
        }
        if (load == LoadType.SCD2) {
            for (int i = 1; i <= 4; i++) {
                row[next++] = held.get(operationIndex() + i);
            }
        }
        if (deletes == DeleteMode.SOFT) {
            row[next] = held.get(operationIndex() + 5);
        }
        return row;
    }

    /** What identifies a row among its key's rows: the version for SCD2; a key has one row otherwise. */
    private Object rowIdentity(Object[] row) {
        return load == LoadType.SCD2 ? row[keyCount + valueCount + 4] : "";
    }

    private List<Row> changes(List<Object[]> held, List<Object[]> desired) {
        Map<Object, Object[]> unmatched = new LinkedHashMap<>();
        held.forEach(row -> unmatched.put(rowIdentity(row), row));
        List<Row> changes = new ArrayList<>();
        for (Object[] row : desired) {
            Object[] before = unmatched.remove(rowIdentity(row));
            if (before == null) {
                changes.add(withAction(row, INSERT));
            } else if (!sameRow(before, row)) {
                changes.add(withAction(row, UPDATE));
            }
        }
        unmatched.values().forEach(row -> changes.add(withAction(row, DELETE)));
        return changes;
    }

    private static boolean sameRow(Object[] left, Object[] right) {
        for (int i = 0; i < left.length; i++) {
            if (!EventValues.same(left[i], right[i])) {
                return false;
            }
        }
        return true;
    }

    private static Row withAction(Object[] row, String action) {
        Object[] withAction = new Object[row.length + 1];
        System.arraycopy(row, 0, withAction, 0, row.length);
        withAction[row.length] = action;
        return RowFactory.create(withAction);
    }
}
