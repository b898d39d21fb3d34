package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A table (or query) of a JDBC database that a source extracts into raw. Exactly one of
 * {@code table} and {@code query} is set. {@code password} comes from the environment through
 * {@code ${VAR}}, or, when the config sets none, from the Spark conf key
 * {@code spark.medallion.jdbc.<source>.password}; it prints as a mask. Without {@code watermark},
 * every run extracts the whole table as a new snapshot. {@code fetchSize} defaults to
 * {@value #DEFAULT_FETCH_SIZE} rows per round trip.
 */
public record JdbcSourceConfig(
        String url,
        Optional<String> table,
        Optional<String> query,
        Optional<String> user,
        Optional<Secret> password,
        Optional<String> driver,
        int fetchSize,
        Optional<WatermarkConfig> watermark,
        Optional<String> softDelete,
        Optional<JdbcPartitioning> partitioning,
        Optional<Long> maxRowsPerRun) {
    public static final int DEFAULT_FETCH_SIZE = 10_000;

    public JdbcSourceConfig {
        requireNonNull(url, "url is null");
        requireNonNull(table, "table is null");
        requireNonNull(query, "query is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(driver, "driver is null");
        requireNonNull(watermark, "watermark is null");
        requireNonNull(softDelete, "softDelete is null");
        requireNonNull(partitioning, "partitioning is null");
        requireNonNull(maxRowsPerRun, "maxRowsPerRun is null");
    }

    /** The Spark conf key a password can be given under instead of the config file. */
    public static String passwordConfKey(String sourceName) {
        return "spark.medallion.jdbc." + sourceName + ".password";
    }
}
