package io.medallion.lakehouse.export;

import static java.util.Objects.requireNonNull;

/**
 * What copying one table to an export target did.
 *
 * @param version the lakehouse table's Delta version copied (or found already copied)
 * @param rows the rows the target table holds after the copy; 0 when nothing was copied
 */
public record ExportResult(String target, String from, String to, Action action, long version, long rows) {
    /** What became of the target table. */
    public enum Action {
        /** its rows replaced by the lakehouse table's */
        COPIED,
        /** the lakehouse table has not changed since its last copy */
        UP_TO_DATE
    }

    public ExportResult {
        requireNonNull(target, "target is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(action, "action is null");
    }
}
