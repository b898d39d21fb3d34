package io.medallion.lakehouse.silver;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * How the merge compares the values of one column: for ordering a key's events and for telling
 * whether a value changed. Decimals compare by value (so 1.0 equals 1.00), binary by content.
 */
final class EventValues {
    private EventValues() {}

    /** Nulls first; comparable values of one class by their natural order; anything else by its string form. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object left, Object right) {
        if (left == null || right == null) {
            return left == null ? (right == null ? 0 : -1) : 1;
        }
        if (left instanceof byte[] leftBytes && right instanceof byte[] rightBytes) {
            return Arrays.compareUnsigned(leftBytes, rightBytes);
        }
        if (left instanceof Comparable comparable && left.getClass() == right.getClass()) {
            return comparable.compareTo(right);
        }
        return String.valueOf(left).compareTo(String.valueOf(right));
    }

    /** Value equality, null equal to null. */
    static boolean same(Object left, Object right) {
        if (left == null || right == null) {
            return left == right;
        }
        if (left instanceof BigDecimal leftDecimal && right instanceof BigDecimal rightDecimal) {
            return leftDecimal.compareTo(rightDecimal) == 0;
        }
        if (left instanceof byte[] leftBytes && right instanceof byte[] rightBytes) {
            return Arrays.equals(leftBytes, rightBytes);
        }
        return left.equals(right);
    }
}
