package io.medallion.lakehouse.silver.model;

import static java.util.Objects.requireNonNull;

import io.medallion.lakehouse.silver.ChangeOperation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One change event as plain Java: the key's parts and the values may hold nulls. Two events equal in
 * key, sequence, operation and values are the same event (record equality), so decimals must share a
 * scale, as they do in a {@code decimal(p, s)} column.
 */
public record Event(List<Object> key, Comparable<?> sequence, ChangeOperation operation, List<Object> values) {
    public Event {
        key = Collections.unmodifiableList(new ArrayList<>(key));
        requireNonNull(sequence, "sequence is null");
        requireNonNull(operation, "operation is null");
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static Event upsert(List<Object> key, long sequence, List<Object> values) {
        return new Event(key, sequence, ChangeOperation.UPSERT, values);
    }

    public static Event delete(List<Object> key, long sequence, List<Object> values) {
        return new Event(key, sequence, ChangeOperation.DELETE, values);
    }

    /** A key or a list of values; unlike {@link List#of} it takes nulls. */
    public static List<Object> key(Object... parts) {
        return Arrays.asList(parts);
    }

    public static List<Object> values(Object... values) {
        return Arrays.asList(values);
    }

    public static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    public Event withKey(List<Object> newKey) {
        return new Event(newKey, sequence, operation, values);
    }

    /** The Java expression that builds this event, to paste a failing case into a test. */
    public String toJava() {
        return "Event." + operation.key() + "(key(" + java(key) + "), " + sequence + "L, values(" + java(values) + "))";
    }

    private static String java(List<Object> items) {
        return items.stream().map(Event::java).collect(Collectors.joining(", "));
    }

    private static String java(Object item) {
        if (item == null) {
            return "null";
        }
        if (item instanceof String text) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (item instanceof BigDecimal decimal) {
            return "dec(\"" + decimal.toPlainString() + "\")";
        }
        if (item instanceof Long number) {
            return number + "L";
        }
        return item.toString();
    }
}
