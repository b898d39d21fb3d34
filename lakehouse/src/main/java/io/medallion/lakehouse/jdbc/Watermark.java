package io.medallion.lakehouse.jdbc;

import static java.util.Objects.requireNonNull;

import java.time.LocalDateTime;
import java.util.List;

/**
 * Where the last committed extract of a JDBC source ended: the greatest (timestamp, key values)
 * it loaded, in the database's order. The timestamp is the value as the database holds it (wall
 * clock, no zone); the key values are kept as text and compared by the database, which converts
 * them to the key columns' types.
 */
public record Watermark(LocalDateTime timestamp, List<String> keys) {
    public Watermark {
        requireNonNull(timestamp, "timestamp is null");
        keys = List.copyOf(keys);
    }

    /** {@code 2026-01-05T10:00:00.5 [42]}: how logs, the audit and {@code state show} print it. */
    public String describe() {
        return timestamp + " " + keys;
    }
}
