package io.medallion.lakehouse.run;

import static java.util.Objects.requireNonNull;

import io.medallion.lakehouse.silver.SilverResult;
import java.time.Duration;
import java.util.Optional;

/** How one silver table fared in a run: its result when it loaded, else the error that stopped it. */
public record SilverOutcome(String table, Optional<SilverResult> result, Optional<String> error, Duration duration) {
    public SilverOutcome {
        requireNonNull(table, "table is null");
        requireNonNull(result, "result is null");
        requireNonNull(error, "error is null");
        requireNonNull(duration, "duration is null");
    }

    public boolean succeeded() {
        return error.isEmpty();
    }
}
