package io.medallion.quality.suite;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of batch checks a table's {@code checks:} list can hold, by their config name. */
public enum CheckType {
    UNIQUENESS,
    COMPLETENESS,
    ALLOWED_VALUES,
    PATTERN,
    RANGE,
    SIZE,
    SQL,
    FRESHNESS,
    RECONCILIATION,
    REFERENCES,
    ANOMALY;

    /** The name written in config, e.g. {@code allowed_values}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CheckType> fromKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key().equals(key)).findFirst();
    }
}
