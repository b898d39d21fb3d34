package io.medallion.lakehouse.silver;

import java.util.Locale;

/** How a silver table takes its events (config key {@code load}). */
public enum LoadType {
    /** One row per key: the key's earliest event (by sequence) stays; later ones are duplicates. */
    APPEND,
    /** One row per key: the key's latest state. */
    SCD1,
    /** Every version of every key, with its validity interval; a new version only when a tracked column changes. */
    SCD2;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
