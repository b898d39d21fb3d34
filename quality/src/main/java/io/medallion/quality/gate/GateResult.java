package io.medallion.quality.gate;

import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** Every check's outcome on one batch of one table. */
public record GateResult(List<CheckOutcome> outcomes) {
    /** The result of a table that declares no checks. */
    public static final GateResult NO_CHECKS = new GateResult(List.of());

    public GateResult {
        outcomes = List.copyOf(outcomes);
    }

    /** True when an error-level check failed: the batch must not be committed to the table. */
    public boolean blocksCommit() {
        return outcomes.stream().anyMatch(o -> o.failed() && o.level() == CheckLevel.ERROR);
    }

    public List<CheckOutcome> failures() {
        return outcomes.stream().filter(CheckOutcome::failed).toList();
    }

    /** The error-level checks that failed, described and joined by "; ": what kept the batch out. */
    public String blockingChecks() {
        return failures().stream().filter(o -> o.level() == CheckLevel.ERROR).map(CheckOutcome::describe).collect(Collectors.joining("; "));
    }

    /**
     * The share of checks that passed, each weighted by its level ({@link CheckLevel#weight}), from 0
     * to 1; empty when the table has no checks, since no checks is not a perfect score.
     */
    public OptionalDouble score() {
        int total = outcomes.stream().mapToInt(o -> o.level().weight()).sum();
        if (total == 0) {
            return OptionalDouble.empty();
        }
        int passed = outcomes.stream().filter(o -> !o.failed()).mapToInt(o -> o.level().weight()).sum();
        return OptionalDouble.of((double) passed / total);
    }
}
