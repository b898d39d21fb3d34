package io.medallion.lakehouse.silver.model;

import java.util.Comparator;
import java.util.List;

/**
 * The orders of the specification: a value order (nulls first; values of one comparable class by
 * their natural order; anything else by its string form), lists column by column in that order, and
 * a key's events by (sequence, operation upsert before delete, values).
 */
public final class ValueOrder {
    public static final Comparator<Object> VALUE = ValueOrder::compareValues;
    public static final Comparator<List<Object>> COLUMNS = ValueOrder::compareColumns;
    public static final Comparator<Event> EVENT = Comparator.<Event, Object>comparing(Event::sequence, VALUE)
            .thenComparing(Event::operation) // enum order: UPSERT before DELETE
            .thenComparing(event -> event.values(), COLUMNS);

    private ValueOrder() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object left, Object right) {
        if (left == null || right == null) {
            return left == null ? (right == null ? 0 : -1) : 1;
        }
        if (left instanceof Comparable comparable && left.getClass().equals(right.getClass())) {
            return comparable.compareTo(right);
        }
        return String.valueOf(left).compareTo(String.valueOf(right));
    }

    private static int compareColumns(List<Object> left, List<Object> right) {
        for (int column = 0; column < Math.min(left.size(), right.size()); column++) {
            int order = compareValues(left.get(column), right.get(column));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
