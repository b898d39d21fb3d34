package io.medallion.quality.gate;

import java.util.Locale;

/** What a failed check does: {@code error} keeps the batch out of the table, {@code warning} is recorded and reported. */
public enum CheckLevel {
    ERROR(3),
    WARNING(1);

    private final int weight;

    CheckLevel(int weight) {
        this.weight = weight;
    }

    /** How much a check of this level counts in a table's quality score: an error check three times a warning. */
    public int weight() {
        return weight;
    }

    /** The lower-case name used in config and reports. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
