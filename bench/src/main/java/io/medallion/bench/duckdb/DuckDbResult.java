package io.medallion.bench.duckdb;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@link DuckDbBronze} load did, in the terms of Medallion's {@code BronzeResult}:
 * {@code rowsRead == rowsValid + rowsQuarantined}, checked before it is returned, and the number of
 * quarantined rows failing each rule id (a row failing two rules counts under both), sorted by id.
 *
 * @param elapsed wall-clock time of the whole load, opening the database to committing both tables
 */
public record DuckDbResult(long rowsRead, long rowsValid, long rowsQuarantined, Map<String, Long> quarantinedByRule, Duration elapsed) {
    public DuckDbResult {
        requireNonNull(quarantinedByRule, "quarantinedByRule is null");
        requireNonNull(elapsed, "elapsed is null");
        quarantinedByRule = Collections.unmodifiableMap(new TreeMap<>(quarantinedByRule));
    }

    /** Rows read per second of {@link #elapsed()}. */
    public double rowsPerSecond() {
        return rowsRead / (elapsed.toNanos() / 1e9);
    }
}
