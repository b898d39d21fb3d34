package io.medallion.jobs.cli;

import io.medallion.lakehouse.jdbc.Watermark;
import io.medallion.lakehouse.jdbc.WatermarkChange;
import io.medallion.lakehouse.state.TableState;
import java.util.List;
import java.util.Locale;

/** What {@code state show} prints: one line per bronze table. */
final class StateReport {
    private StateReport() {}

    static String format(List<TableState> tables) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-22s %-12s %-40s %-28s %s%n", "table", "source", "state", "changed at", "changed by"));
        for (TableState table : tables) {
            if (table.jdbc()) {
                String state = table.watermark().flatMap(WatermarkChange::watermark).map(w -> "watermark " + w.describe())
                        .orElse(table.watermark().isPresent() ? "watermark (reset)" : "watermark (never extracted)");
                text.append(String.format(Locale.ROOT, "%-22s %-12s %-40s %-28s %s%n", table.table(), table.source(), state,
                        table.watermark().map(c -> c.changedAt().toString()).orElse("-"),
                        table.watermark().map(c -> c.changedBy() + " (" + c.reason() + ")").orElse("-")));
            } else {
                text.append(String.format(Locale.ROOT, "%-22s %-12s %-40s %-28s %s%n", table.table(), table.source(),
                        table.filesIngested() + " files ingested", "-", "-"));
            }
        }
        return text.toString();
    }

    static String describe(WatermarkChange change) {
        return change.tableName() + ": watermark " + change.previous().map(Watermark::describe).orElse("(none)") + " -> "
                + change.watermark().map(Watermark::describe).orElse("(none)") + " (by " + change.changedBy() + ")";
    }
}
