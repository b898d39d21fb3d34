package io.medallion.lakehouse.run;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/** The outcome of a pipeline run: one entry per table, in the order they ran. */
public record RunResult(String runId, List<TableOutcome> tables, Duration duration) {
    public RunResult {
        requireNonNull(runId, "runId is null");
        tables = List.copyOf(tables);
        requireNonNull(duration, "duration is null");
    }

    public boolean succeeded() {
        return tables.stream().allMatch(TableOutcome::succeeded);
    }
}
