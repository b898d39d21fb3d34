package io.medallion.lakehouse.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a dbt model is kept, as dbt's {@code materialized} says. A table is written in full each time
 * its inputs changed; an incremental model is merged by its {@code unique_key} (appended without one)
 * from its {@code is_incremental()} branch. A view or ephemeral model is not written: on a lakehouse
 * of paths there is no catalog to hold a view, so it is a query the models that ref it read in the run.
 */
public enum Materialization {
    TABLE, INCREMENTAL, VIEW, EPHEMERAL;

    public static final String ACCEPTED = "table, incremental, view or ephemeral";

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Materialization> fromKey(String text) {
        return Arrays.stream(values()).filter(m -> m.key().equalsIgnoreCase(text.strip())).findFirst();
    }

    /** Whether the model is a Delta table under the gold folder, rather than a query of the run. */
    public boolean isWritten() {
        return this == TABLE || this == INCREMENTAL;
    }
}
