package io.medallion.jobs.cli;

import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.bronze.FileRejection;
import io.medallion.lakehouse.export.ExportResult;
import io.medallion.lakehouse.gold.GoldResult;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.lakehouse.silver.MergeResult;
import io.medallion.lakehouse.silver.SilverResult;
import io.medallion.lakehouse.run.TableOutcome;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.gate.CheckOutcome;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary a run prints for people: rows per table, quarantined rows by rule, rejected files,
 * failed tables (a batch blocked by its quality checks among them), quality warnings, time, and
 * where the run's quality report is.
 */
final class RunSummary {
    private RunSummary() {}

    static String format(String pipeline, String lakehouse, RunResult result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Medallion %s run %s %s in %.1f s%n", pipeline, result.runId(),
                result.succeeded() ? "succeeded" : "FAILED", result.duration().toMillis() / 1000.0));
        text.append("Lakehouse: ").append(lakehouse).append(System.lineSeparator()).append(System.lineSeparator());
        text.append(String.format(Locale.ROOT, "%-26s %6s %12s %12s %12s %8s %9s %8s%n",
                "table", "files", "rows read", "written", "quarantined", "blank", "bad files", "seconds"));
        Map<String, Long> byRule = new TreeMap<>();
        StringBuilder problems = new StringBuilder();
        for (TableOutcome<BronzeResult> outcome : result.tables()) {
            if (outcome.succeeded() && outcome.result().isPresent()) {
                BronzeResult r = outcome.result().get();
                text.append(String.format(Locale.ROOT, "%-26s %6d %12d %12d %12d %8d %9d %8.1f%n", outcome.table(), r.filesRead(),
                        r.rowsRead(), r.rowsWritten(), r.rowsQuarantined(), Math.max(0, r.blankRecords()), r.rejectedFiles().size(),
                        outcome.duration().toMillis() / 1000.0));
                r.quarantinedByRule().forEach((rule, count) -> byRule.merge(rule, count, Long::sum));
                for (FileRejection file : r.rejectedFiles()) {
                    problems.append("  quarantined file ").append(file.rawPath()).append(": ").append(file.reason()).append(System.lineSeparator());
                }
                for (String changed : r.changedFiles()) {
                    problems.append("  ").append(outcome.table()).append(" changed file loaded again as a new version: ").append(changed)
                            .append(System.lineSeparator());
                }
                for (String change : r.schemaChanges()) {
                    problems.append("  ").append(outcome.table()).append(" source columns changed: ").append(change).append(System.lineSeparator());
                }
                for (CheckOutcome check : r.quality().failures()) {
                    if (check.level() == CheckLevel.WARNING) {
                        problems.append("  ").append(outcome.table()).append(" quality warning: ").append(check.describe())
                                .append(System.lineSeparator());
                    }
                }
                if (r.sourceRecords() >= 0 && r.sourceRecords() != r.rowsRead()) {
                    problems.append("  ").append(outcome.table()).append(": the raw manifests count ").append(r.sourceRecords())
                            .append(" records but ").append(r.rowsRead()).append(" rows were read; check the source's quoting")
                            .append(System.lineSeparator());
                }
            } else {
                text.append(String.format(Locale.ROOT, "%-26s FAILED after %.1f s%n", outcome.table(), outcome.duration().toMillis() / 1000.0));
                problems.append("  ").append(outcome.table()).append(" failed: ").append(outcome.error().orElse("")).append(System.lineSeparator());
            }
        }
        if (!result.silverTables().isEmpty()) {
            text.append(System.lineSeparator()).append(String.format(Locale.ROOT, "%-26s %6s %10s %10s %10s %10s %10s %8s %8s%n",
                    "silver table", "load", "events", "inserted", "updated", "deleted", "duplicate", "late", "seconds"));
        }
        for (TableOutcome<SilverResult> outcome : result.silverTables()) {
            if (outcome.succeeded() && outcome.result().isPresent()) {
                SilverResult silver = outcome.result().get();
                MergeResult merge = silver.merge();
                text.append(String.format(Locale.ROOT, "%-26s %6s %10d %10d %10d %10d %10d %8d %8.1f%n", outcome.table(), silver.load().key(),
                        merge.eventsRead(), merge.rowsInserted(), merge.rowsUpdated(), merge.rowsDeleted(), merge.duplicateEvents(),
                        merge.lateEvents(), outcome.duration().toMillis() / 1000.0));
                if (silver.rowsQuarantined() > 0) {
                    problems.append("  ").append(outcome.table()).append(": ").append(silver.rowsQuarantined())
                            .append(" bronze rows quarantined (null key, null sequence or unknown operation)").append(System.lineSeparator());
                }
                for (CheckOutcome check : silver.quality().failures()) {
                    problems.append("  ").append(outcome.table()).append(" quality warning: ").append(check.describe()).append(System.lineSeparator());
                }
                silver.unmatchedLookups().forEach((column, count) -> {
                    if (count > 0) {
                        problems.append("  ").append(outcome.table()).append(": ").append(count).append(" events with no valid version for ")
                                .append(column).append(System.lineSeparator());
                    }
                });
            } else {
                text.append(String.format(Locale.ROOT, "%-26s FAILED after %.1f s%n", outcome.table(), outcome.duration().toMillis() / 1000.0));
                problems.append("  ").append(outcome.table()).append(" failed: ").append(outcome.error().orElse("")).append(System.lineSeparator());
            }
        }
        if (!result.goldModels().isEmpty()) {
            text.append(System.lineSeparator()).append(String.format(Locale.ROOT, "%-26s %12s %12s %12s %8s%n",
                    "gold model", "kept as", "built", "rows", "seconds"));
        }
        for (TableOutcome<GoldResult> outcome : result.goldModels()) {
            if (outcome.succeeded() && outcome.result().isPresent()) {
                GoldResult gold = outcome.result().get();
                text.append(String.format(Locale.ROOT, "%-26s %12s %12s %12d %8.1f%n", outcome.table(), gold.materialization().key(),
                        gold.action().name().toLowerCase(Locale.ROOT).replace('_', ' '), gold.rowsWritten(), outcome.duration().toMillis() / 1000.0));
                for (CheckOutcome check : gold.quality().failures()) {
                    problems.append("  ").append(outcome.table()).append(" quality warning: ").append(check.describe()).append(System.lineSeparator());
                }
            } else {
                text.append(String.format(Locale.ROOT, "%-26s FAILED after %.1f s%n", outcome.table(), outcome.duration().toMillis() / 1000.0));
                problems.append("  ").append(outcome.table()).append(" failed: ").append(outcome.error().orElse("")).append(System.lineSeparator());
            }
        }
        if (!result.exports().isEmpty()) {
            text.append(System.lineSeparator()).append(String.format(Locale.ROOT, "%-40s %-26s %12s %12s %8s%n",
                    "export", "from", "copied", "rows", "seconds"));
        }
        for (TableOutcome<ExportResult> outcome : result.exports()) {
            if (outcome.succeeded() && outcome.result().isPresent()) {
                ExportResult export = outcome.result().get();
                text.append(String.format(Locale.ROOT, "%-40s %-26s %12s %12d %8.1f%n", outcome.table(), export.from() + "@" + export.version(),
                        export.action() == ExportResult.Action.COPIED ? "copied" : "up to date", export.rows(), outcome.duration().toMillis() / 1000.0));
            } else {
                text.append(String.format(Locale.ROOT, "%-40s FAILED after %.1f s%n", outcome.table(), outcome.duration().toMillis() / 1000.0));
                problems.append("  ").append(outcome.table()).append(" failed: ").append(outcome.error().orElse("")).append(System.lineSeparator());
            }
        }
        if (!byRule.isEmpty()) {
            text.append(System.lineSeparator()).append("Quarantined by rule:").append(System.lineSeparator());
            byRule.forEach((rule, count) -> text.append(String.format(Locale.ROOT, "  %-44s %10d%n", rule, count)));
        }
        if (problems.length() > 0) {
            text.append(System.lineSeparator()).append("Needs attention:").append(System.lineSeparator()).append(problems);
        }
        result.qualityReport().ifPresent(report -> text.append(System.lineSeparator()).append("Quality report: ").append(report)
                .append(System.lineSeparator()));
        return text.toString();
    }
}
