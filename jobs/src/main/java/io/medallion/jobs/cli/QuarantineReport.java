package io.medallion.jobs.cli;

import io.medallion.lakehouse.quarantine.QuarantineSummary;
import io.medallion.lakehouse.quarantine.ReplayResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code quarantine summary} and {@code quarantine replay} print for people. */
final class QuarantineReport {
    private static final String NL = System.lineSeparator();

    private QuarantineReport() {}

    static String summary(QuarantineSummary.Counts counts) {
        if (!counts.exists()) {
            return counts.table() + " has no quarantine table yet (" + counts.location() + "): nothing was quarantined." + NL;
        }
        StringBuilder text = new StringBuilder();
        text.append("Quarantine of ").append(counts.table()).append(" (").append(counts.location()).append(')').append(NL).append(NL);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"rule", "batch", "quarantined", "replayed"});
        counts.byRuleAndBatch().forEach(c -> rows.add(new String[] {c.ruleId(), c.batchId(), Long.toString(c.stillQuarantined()),
            Long.toString(c.replayed())}));
        int ruleWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int batchWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        for (String[] row : rows) {
            text.append(String.format(Locale.ROOT, "%-" + ruleWidth + "s  %-" + batchWidth + "s  %11s  %8s", (Object[]) row).stripTrailing())
                    .append(NL);
        }
        text.append(NL).append(String.format(Locale.ROOT, "Rows: %d still quarantined, %d replayed (a row that failed several rules is "
                + "counted under each above).", counts.rowsQuarantined(), counts.rowsReplayed())).append(NL);
        if (counts.filesRejected() > 0) {
            text.append(String.format(Locale.ROOT, "Files rejected whole: %d. Their rows were never read, so a replay cannot move them: "
                    + "fix the cause, then reload their dates with `medallion run --from D --to D`.", counts.filesRejected())).append(NL);
        }
        return text.toString();
    }

    static String replay(ReplayResult result, Path config) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Replay %s of %s: %d of %d waiting quarantined rows pass the current rules of %s and were "
                + "moved to bronze; %d still fail and stay in quarantine.", result.replayBatchId(), result.table(), result.rowsReplayed(),
                result.rowsChecked(), config, result.rowsStillFailing())).append(NL);
        if (!result.stillFailingByRule().isEmpty()) {
            text.append("Still failing, by current rule:").append(NL);
            int width = result.stillFailingByRule().keySet().stream().mapToInt(String::length).max().orElse(0);
            result.stillFailingByRule().forEach((rule, count) ->
                    text.append(String.format(Locale.ROOT, "  %-" + width + "s  %8d", rule, count)).append(NL));
        }
        if (result.filesSkipped() > 0) {
            text.append(String.format(Locale.ROOT, "Skipped %d files rejected whole: their rows were never read; fix the cause, then reload "
                    + "their dates with `medallion run --from D --to D`.", result.filesSkipped())).append(NL);
        }
        if (result.interruptedFinished() + result.interruptedReleased() > 0) {
            text.append(String.format(Locale.ROOT, "An interrupted earlier replay was settled first: %d rows it had moved were marked "
                    + "replayed, %d it had not were checked again.", result.interruptedFinished(), result.interruptedReleased())).append(NL);
        }
        return text.toString();
    }
}
