package io.medallion.quality.gate;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Decides whether a batch may be committed to its table, from the batch's rows as they will be
 * committed. Implementations compute all their metrics in as few scans of {@code batchRows} as
 * they can (Deequ runs its analyzers together) and never collect rows to the driver.
 */
@FunctionalInterface
public interface BatchGate {
    /** The gate of a table without checks: passes every batch without reading it. */
    BatchGate NONE = (rows, facts) -> GateResult.NO_CHECKS;

    GateResult evaluate(Dataset<Row> batchRows, BatchFacts facts);
}
