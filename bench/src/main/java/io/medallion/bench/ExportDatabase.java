package io.medallion.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * The PostgreSQL server the export stage copies the marts to: the one {@code MEDALLION_BENCH_PG_URL},
 * {@code _USER} and {@code _PASSWORD} name ({@code bench/run} starts the machine's server and sets
 * them). Each size writes into a schema of its own, so sizes and contenders never meet.
 *
 * @param url a {@code jdbc:postgresql:} URL without parameters
 */
record ExportDatabase(String url, String user, String password) {
    static Optional<ExportDatabase> fromEnvironment() {
        String url = System.getenv("MEDALLION_BENCH_PG_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ExportDatabase(url, System.getenv().getOrDefault("MEDALLION_BENCH_PG_USER", ""),
                System.getenv().getOrDefault("MEDALLION_BENCH_PG_PASSWORD", "")));
    }

    /** The URL whose connections use {@code schema} (created when missing), emptied of an earlier run's tables. */
    String freshSchema(String schema) {
        String name = schema.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection connection = DriverManager.getConnection(url, user, password); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            statement.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("the export database at " + url + " cannot make schema " + name + ": " + e.getMessage(), e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    @Override
    public String toString() {
        return "ExportDatabase[" + url + ", user " + user + "]";
    }
}
