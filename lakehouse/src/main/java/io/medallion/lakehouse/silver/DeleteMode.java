package io.medallion.lakehouse.silver;

import java.util.Locale;

/** What a delete event does to a silver table (config key {@code changes.deletes}). */
public enum DeleteMode {
    /** SCD1: the row goes. SCD2: the current version is closed; history stays. */
    HARD,
    /**
     * SCD1: the row stays, with {@code is_deleted = true}. SCD2: the current version is closed and a
     * version with {@code is_deleted = true} (the last values) becomes current.
     */
    SOFT;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
