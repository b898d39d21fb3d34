package io.medallion.lakehouse.silver;

import java.util.Locale;

/** What becomes of an event with a null in a key column (config key {@code null_keys}). */
public enum NullKeys {
    /** The event goes to the silver table's quarantine, with the reason. */
    QUARANTINE,
    /** Null is a key value like any other: keys are compared null-safely ({@code <=>}), so null matches only null. */
    MATCH;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
