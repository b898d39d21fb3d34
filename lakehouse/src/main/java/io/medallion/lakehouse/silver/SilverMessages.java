package io.medallion.lakehouse.silver;

import java.util.ArrayList;
import java.util.List;

/** The person-readable detail of a silver batch, for the audit log. */
public final class SilverMessages {
    private SilverMessages() {}

    public static String audit(SilverResult result) {
        if (result.nothingNew()) {
            return "no bronze commits since bronze versions " + result.bronzeVersions();
        }
        MergeResult merge = result.merge();
        List<String> parts = new ArrayList<>();
        parts.add((result.rebuilt() ? "rebuilt from all of bronze up to versions " : "merged bronze up to versions ") + result.bronzeVersions());
        parts.add(result.load().key() + ": " + merge.rowsInserted() + " inserted, " + merge.rowsUpdated() + " updated, " + merge.rowsDeleted() + " deleted");
        if (merge.duplicateEvents() > 0) {
            parts.add(merge.duplicateEvents() + " duplicate events without effect");
        }
        if (merge.lateEvents() > 0) {
            parts.add(merge.lateEvents() + " late events (" + merge.keysRecomputed() + " keys recomputed from their history)");
        }
        if (result.rowsQuarantined() > 0) {
            parts.add(result.rowsQuarantined() + " bronze rows quarantined");
        }
        result.unmatchedLookups().forEach((column, count) -> {
            if (count > 0) {
                parts.add(count + " events with no valid version for " + column);
            }
        });
        return String.join("; ", parts);
    }
}
