package io.medallion.lakehouse.run;

import io.medallion.lakehouse.error.Errors;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.system.AuditEntry;
import io.medallion.lakehouse.system.BatchContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One layer's step of a run (bronze's {@code raw_to_bronze}, gold's {@code silver_to_gold}...): how
 * a table's outcome in it is audited and reported, so that every layer records a failure alike.
 */
final class AuditedStep {
    private static final Logger LOG = LoggerFactory.getLogger(AuditedStep.class);

    private final BatchContext batch;
    private final RunRecords records;
    private final String layer;
    private final String step;

    /**
     * @param layer the audit log's layer of the step's tables ({@code bronze}, {@code export}...)
     * @param step the audit log's name of the step
     */
    AuditedStep(BatchContext batch, RunRecords records, String layer, String step) {
        this.batch = batch;
        this.records = records;
        this.layer = layer;
        this.step = step;
    }

    BatchContext batch() {
        return batch;
    }

    RunRecords records() {
        return records;
    }

    /** Audits a table's entry of this step, with the step's batch, layer and name. */
    void audit(String tableName, AuditEntry.Status status, Instant started, long rowsRead, long rowsWritten, long rowsQuarantined,
            long filesRead, long filesRejected, String message, OptionalDouble qualityScore) {
        records.audit(new AuditEntry(batch, layer, tableName, step, status, started, Instant.now(), rowsRead, rowsWritten, rowsQuarantined,
                filesRead, filesRejected, message, qualityScore));
    }

    /** A table that ran to the end. */
    <R> TableOutcome<R> succeeded(String qualifiedName, Instant started, R result) {
        return outcome(qualifiedName, started, Optional.of(result), Optional.empty());
    }

    /** A table's outcome, taken from {@code started} to now. */
    <R> TableOutcome<R> outcome(String qualifiedName, Instant started, Optional<R> result, Optional<String> error) {
        return new TableOutcome<>(qualifiedName, result, error, Duration.between(started, Instant.now()));
    }

    /** A table the step stopped with {@code error}: logged with its stack, audited as failed. */
    <R> TableOutcome<R> threw(String tableName, String qualifiedName, Instant started, Exception error) {
        // Our own errors already say what to do; anything else is named by its innermost cause.
        String message = error instanceof MedallionException ? error.getMessage() : Errors.rootMessage(error);
        // "Bronze bronze.sales failed in run ...", as every layer's own messages read (and alert rules match).
        LOG.error("{}{} {} failed in run {}: {}", layer.substring(0, 1).toUpperCase(Locale.ROOT), layer.substring(1), qualifiedName,
                batch.runId(), message, error);
        return failed(tableName, qualifiedName, started, message, OptionalDouble.empty(), Optional.empty());
    }

    /**
     * A table that failed for {@code message}, audited as failed; {@code result} is what it measured
     * when it ran to the end but was kept out (a quality gate's block).
     */
    <R> TableOutcome<R> failed(String tableName, String qualifiedName, Instant started, String message, OptionalDouble qualityScore,
            Optional<R> result) {
        audit(tableName, AuditEntry.Status.FAILED, started, 0, 0, 0, 0, 0, message, qualityScore);
        return outcome(qualifiedName, started, result, Optional.of(message));
    }
}
