package io.medallion.lakehouse.system;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One row of the audit log: what one step did to one table in one run, with its counts and outcome.
 * {@code message} is a person-readable detail (the error for a failed step); it never holds secrets.
 * {@code qualityScore} is the batch's quality score ({@code GateResult.score()}), empty when the table
 * has no checks or the step did not reach them.
 */
public record AuditEntry(
        BatchContext batch,
        String layer,
        String tableName,
        String step,
        Status status,
        Instant startedAt,
        Instant finishedAt,
        long rowsRead,
        long rowsWritten,
        long rowsQuarantined,
        long filesRead,
        long filesQuarantined,
        String message,
        OptionalDouble qualityScore) {
    /** How a step ended. */
    public enum Status {
        SUCCEEDED, FAILED, SKIPPED
    }

    public AuditEntry {
        requireNonNull(batch, "batch is null");
        requireNonNull(layer, "layer is null");
        requireNonNull(tableName, "tableName is null");
        requireNonNull(step, "step is null");
        requireNonNull(status, "status is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(message, "message is null");
        requireNonNull(qualityScore, "qualityScore is null");
    }
}
