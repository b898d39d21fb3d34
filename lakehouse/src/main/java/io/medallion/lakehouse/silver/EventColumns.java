package io.medallion.lakehouse.silver;

/** Names of the columns the merge adds to events and to silver tables. */
public final class EventColumns {
    /** In the events given to {@link SilverMerge}: {@code upsert} or {@code delete} ({@link ChangeOperation#key()}), never null. */
    public static final String OPERATION = "_op";
    /** SCD2: the sequence value of the event that opened the version. */
    public static final String EFFECTIVE_FROM = "effective_from";
    /** SCD2: the sequence value of the event that closed the version; null while it is current. */
    public static final String EFFECTIVE_TO = "effective_to";
    /** SCD2: true on the key's open version (one per key at most). */
    public static final String IS_CURRENT = "is_current";
    /** SCD2: 1 for the key's first version, then 2, 3, ... in sequence order. */
    public static final String VERSION = "version";
    /** Soft deletes only: true on a deleted row (SCD1) or on the version a delete opened (SCD2). */
    public static final String IS_DELETED = "is_deleted";

    private EventColumns() {}
}
