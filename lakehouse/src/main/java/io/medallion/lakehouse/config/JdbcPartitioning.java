package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

/**
 * A partitioned JDBC read: {@code partitions} parallel queries, each taking one range of the integer
 * {@code column}; the ranges' bounds come from a min/max query with the extract's own predicate.
 */
public record JdbcPartitioning(String column, int partitions) {
    public JdbcPartitioning {
        requireNonNull(column, "column is null");
    }
}
