package io.medallion.lakehouse.run;

import static java.util.Objects.requireNonNull;

import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.export.ExportResult;
import io.medallion.lakehouse.gold.GoldResult;
import io.medallion.lakehouse.silver.SilverResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a pipeline run: one entry per bronze table, one per silver table, one per gold
 * model and one per table exported, in the order they ran, and where its quality report was written (empty when writing it failed, which the log says).
 */
public record RunResult(String runId, List<TableOutcome<BronzeResult>> tables, List<TableOutcome<SilverResult>> silverTables,
        List<TableOutcome<GoldResult>> goldModels, List<TableOutcome<ExportResult>> exports, Duration duration,
        Optional<String> qualityReport) {
    public RunResult {
        requireNonNull(runId, "runId is null");
        tables = List.copyOf(tables);
        silverTables = List.copyOf(silverTables);
        goldModels = List.copyOf(goldModels);
        exports = List.copyOf(exports);
        requireNonNull(duration, "duration is null");
        requireNonNull(qualityReport, "qualityReport is null");
    }

    public boolean succeeded() {
        return tables.stream().allMatch(TableOutcome::succeeded) && silverTables.stream().allMatch(TableOutcome::succeeded)
                && goldModels.stream().allMatch(TableOutcome::succeeded) && exports.stream().allMatch(TableOutcome::succeeded);
    }
}
