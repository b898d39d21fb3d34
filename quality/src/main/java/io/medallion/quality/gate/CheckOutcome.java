package io.medallion.quality.gate;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What one check measured on one batch, and whether that met its threshold.
 *
 * @param checkId the check's id, unique within its table (e.g. {@code unique_transaction_id})
 * @param type the check type as written in config (e.g. {@code uniqueness})
 * @param level what a failure does
 * @param target what it looked at, for people: columns, an expression or a referenced table
 * @param metric the name of the measured metric (e.g. {@code Uniqueness}, {@code Size})
 * @param value the measured value, when the metric is a number; empty when it could not be computed
 * @param measured the measured value as people read it (e.g. {@code 0.9981} or {@code 2026-01-04T10:00:00Z})
 * @param threshold the threshold as people read it (e.g. {@code >= 0.999})
 * @param status passed or failed
 * @param message why it failed (or a note when it passed); never holds row data or secrets
 */
public record CheckOutcome(
        String checkId,
        String type,
        CheckLevel level,
        String target,
        String metric,
        Optional<Double> value,
        String measured,
        String threshold,
        CheckStatus status,
        String message) {
    public CheckOutcome {
        requireNonNull(checkId, "checkId is null");
        requireNonNull(type, "type is null");
        requireNonNull(level, "level is null");
        requireNonNull(target, "target is null");
        requireNonNull(metric, "metric is null");
        requireNonNull(value, "value is null");
        requireNonNull(measured, "measured is null");
        requireNonNull(threshold, "threshold is null");
        requireNonNull(status, "status is null");
        requireNonNull(message, "message is null");
    }

    public boolean failed() {
        return status == CheckStatus.FAILED;
    }

    /** {@code unique_transaction_id (uniqueness, error): Uniqueness 0.9981, needs >= 0.999}: how logs and the audit name a failure. */
    public String describe() {
        return checkId + " (" + type + ", " + level.key() + "): " + metric + " " + measured + ", needs " + threshold
                + (message.isEmpty() ? "" : "; " + message);
    }
}
