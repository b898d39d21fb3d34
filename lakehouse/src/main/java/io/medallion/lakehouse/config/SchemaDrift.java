package io.medallion.lakehouse.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What bronze does with columns a source sends that the table does not declare. {@code rescue}
 * (the default) keeps them, names and values, as JSON in the row's {@code _rescued_data}, so no value
 * is lost and the row still loads; {@code reject} quarantines the row instead, for tables whose
 * sources must not change unannounced.
 */
public enum SchemaDrift {
    RESCUE,
    REJECT;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SchemaDrift> fromKey(String key) {
        return Arrays.stream(values()).filter(d -> d.key().equals(key)).findFirst();
    }
}
