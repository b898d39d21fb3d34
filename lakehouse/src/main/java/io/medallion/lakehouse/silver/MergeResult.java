package io.medallion.lakehouse.silver;

/**
 * What one {@link SilverMerge} batch did.
 *
 * @param eventsRead events in the batch
 * @param duplicateEvents events identical (key, sequence, operation, values) to another event of the batch or of the table's history: no effect;
 *     for append, every event that did not become its key's row (events read = rows inserted + rows updated + duplicates)
 * @param lateEvents distinct events, not counting duplicates, whose sequence is not greater than what the table already held for their key
 *     (for SCD1 and SCD2 their keys were recomputed from the whole history; for append they replace the kept row only when earlier)
 * @param keysRecomputed keys rebuilt from their whole history because of a late event
 * @param rowsInserted rows the MERGE inserted
 * @param rowsUpdated rows the MERGE updated
 * @param rowsDeleted rows the MERGE deleted
 */
public record MergeResult(
        long eventsRead,
        long duplicateEvents,
        long lateEvents,
        long keysRecomputed,
        long rowsInserted,
        long rowsUpdated,
        long rowsDeleted) {
    public static final MergeResult NOTHING = new MergeResult(0, 0, 0, 0, 0, 0, 0);
}
