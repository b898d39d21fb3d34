package io.medallion.lakehouse.silver;

import static java.util.Objects.requireNonNull;

import io.medallion.quality.gate.GateResult;
import java.util.Map;

/**
 * What one silver batch did to one table.
 *
 * @param bronzeVersions the version of each bronze source the batch read up to
 * @param merge what the merge did
 * @param rowsQuarantined bronze rows that could not be events (null key, null sequence, unknown operation)
 * @param unmatchedLookups per lookup column, the batch's events no version was valid for
 * @param rebuilt whether the table was rebuilt from all of bronze: a first load, a full refresh, or a
 *     batch for which that was cheaper than a merge (whose {@code merge} then reports what a merge would)
 * @param quality what the table's checks measured on the batch's events; when an error-level check
 *     failed, nothing was merged and {@code merge} is {@link MergeResult#NOTHING}
 */
public record SilverResult(
        String table,
        LoadType load,
        Map<String, Long> bronzeVersions,
        MergeResult merge,
        long rowsQuarantined,
        Map<String, Long> unmatchedLookups,
        boolean rebuilt,
        GateResult quality) {
    public SilverResult {
        requireNonNull(table, "table is null");
        requireNonNull(load, "load is null");
        bronzeVersions = Map.copyOf(bronzeVersions);
        requireNonNull(merge, "merge is null");
        unmatchedLookups = Map.copyOf(unmatchedLookups);
        requireNonNull(quality, "quality is null");
    }

    public boolean blocked() {
        return quality.blocksCommit();
    }

    /** Whether the batch had no new bronze rows. */
    public boolean nothingNew() {
        return merge.eventsRead() == 0 && rowsQuarantined == 0 && !blocked();
    }
}
