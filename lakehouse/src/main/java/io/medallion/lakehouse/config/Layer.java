package io.medallion.lakehouse.config;

import java.util.Locale;

/** The layers that hold tables. Raw is files, not tables, so it is not one of them. */
public enum Layer {
    BRONZE,
    SILVER,
    GOLD;

    /** The lower-case name used in config keys and lakehouse paths. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
