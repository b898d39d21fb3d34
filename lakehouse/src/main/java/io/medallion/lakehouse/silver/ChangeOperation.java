package io.medallion.lakehouse.silver;

import java.util.Locale;

/**
 * The two things a change event can do. Feeds name them in many ways (insert, update, c, u, r, I, U,
 * D, ...): inserts and updates are both upserts, since an insert of a key the table holds and an
 * update of a key it does not hold are still the latest state of that key.
 */
public enum ChangeOperation {
    UPSERT,
    DELETE;

    /** The value of {@link EventColumns#OPERATION} in the events the merge reads. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
