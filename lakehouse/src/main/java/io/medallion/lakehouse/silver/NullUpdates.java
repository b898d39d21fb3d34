package io.medallion.lakehouse.silver;

import java.util.Locale;

/** What a null in an update does to the value the table holds (config key {@code nulls}). */
public enum NullUpdates {
    /** The null replaces the value: the event is the whole new state. */
    OVERWRITE,
    /** The value is kept: the event carries only what changed (partial updates, sparse feeds). */
    IGNORE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
