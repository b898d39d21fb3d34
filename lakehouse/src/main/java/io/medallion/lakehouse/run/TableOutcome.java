package io.medallion.lakehouse.run;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How one table fared in a run: its result when it ran to the end, and the error that stopped it or
 * kept its batch out of the table. A batch blocked by its quality gate has both: the result (with
 * what the gate measured) and the error naming the failed checks.
 *
 * @param <R> the layer's result: {@code BronzeResult} for bronze, {@code SilverResult} for silver
 */
public record TableOutcome<R>(String table, Optional<R> result, Optional<String> error, Duration duration) {
    public TableOutcome {
        requireNonNull(table, "table is null");
        requireNonNull(result, "result is null");
        requireNonNull(error, "error is null");
        requireNonNull(duration, "duration is null");
    }

    public boolean succeeded() {
        return error.isEmpty();
    }
}
