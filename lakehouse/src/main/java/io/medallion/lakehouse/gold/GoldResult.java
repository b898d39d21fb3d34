package io.medallion.lakehouse.gold;

import static java.util.Objects.requireNonNull;

import io.medallion.lakehouse.config.Materialization;
import io.medallion.quality.gate.GateResult;

/**
 * What building one gold model did.
 *
 * @param action what became of the model's table this run
 * @param rowsWritten rows the commit wrote: all of a table's rows, or the rows an incremental run inserted and updated
 * @param inputs the versions of the tables it read, as recorded ({@code silver.fact_sales@12, ...})
 */
public record GoldResult(String model, Materialization materialization, Action action, long rowsWritten, String inputs, GateResult quality) {
    /** What a model's build did to its table. */
    public enum Action {
        /** written in full: a table model, or an incremental one on its first (or a full-refresh) run */
        REBUILT,
        /** an incremental model's new rows merged (or appended) */
        MERGED,
        /** a view or ephemeral model, made available to the models that read it */
        QUERY,
        /** none of the tables it reads changed since it was last built, so nothing was written */
        UP_TO_DATE,
        /** its quality checks failed, so nothing was written */
        BLOCKED
    }

    public GoldResult {
        requireNonNull(model, "model is null");
        requireNonNull(materialization, "materialization is null");
        requireNonNull(action, "action is null");
        requireNonNull(inputs, "inputs is null");
        requireNonNull(quality, "quality is null");
    }

    public boolean blocked() {
        return action == Action.BLOCKED;
    }
}
