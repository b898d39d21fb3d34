package io.medallion.jobs.generate;

/**
 * The kinds of defect the {@link RetailGenerator} injects, each counted exactly in
 * {@link GenerationResult#defectsByKind()} under its {@link #key()}.
 *
 * <p>The first four make a row unparseable against its schema, so bronze quarantines it. The last
 * three leave a well-typed row that only a later layer can catch: deduplication, a foreign-key check,
 * or late-data handling.
 */
public enum DefectKind {
    /** A value of the wrong type: quantity {@code two}, unit_price {@code "12,5O"}, quantity_change {@code 3 pcs}. */
    WRONG_TYPE("wrong_type", true),
    /** An empty customer_id, product_id or transaction_ts. */
    MISSING_FIELD("missing_field", true),
    /** A transaction_ts such as {@code 2026-13-45 25:61:00}, {@code yesterday} or {@code 01/02/2026 10:00}. */
    MALFORMED_TIMESTAMP("malformed_timestamp", true),
    /** Quantity 0, negative or above 1000, or a negative unit_price. */
    OUT_OF_RANGE("out_of_range", true),
    /** A row re-using an earlier transaction_id of the same file, repeated whole or with another quantity. */
    DUPLICATE_KEY("duplicate_key", false),
    /** A customer_id ({@code C9xxxxxx}) or product_id ({@code P9xxxxx}) that no snapshot contains. */
    ORPHAN_FOREIGN_KEY("orphan_foreign_key", false),
    /** A valid row whose transaction_ts lies one to three days before its file's day. */
    LATE_ARRIVING("late_arriving", false);

    private final String key;
    private final boolean quarantinedByBronze;

    DefectKind(String key, boolean quarantinedByBronze) {
        this.key = key;
        this.quarantinedByBronze = quarantinedByBronze;
    }

    /** The name used in {@link GenerationResult#defectsByKind()}, e.g. {@code wrong_type}. */
    public String key() {
        return key;
    }

    /** Whether the row fails to parse against its schema, so that bronze quarantines it. */
    public boolean isQuarantinedByBronze() {
        return quarantinedByBronze;
    }
}
