package io.medallion.bench.duckdb;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;

/**
 * DuckDB's marts copied to PostgreSQL as a user on one machine would: each table written out by
 * DuckDB's {@code COPY ... TO} as CSV, then loaded by PostgreSQL's {@code COPY ... FROM STDIN} into a
 * table of the same columns (types mapped from DuckDB's), dropped and created again each time.
 */
public final class DuckDbExport {
    private final DuckDbStatements database;
    private final Path scratch;

    /** @param scratch a folder for the CSV files between the two databases */
    public DuckDbExport(Path database, Path scratch) {
        this.database = new DuckDbStatements(database, "DuckDB's export");
        this.scratch = scratch;
    }

    /** Copies each of {@code marts} to table {@code duckdb_<mart>} of the database at {@code url}; returns the rows copied. */
    public long copy(List<String> marts, String url, String user, String password) throws IOException {
        Files.createDirectories(scratch);
        long rows = 0;
        for (String mart : marts) {
            Path csv = scratch.resolve(mart + ".csv");
            List<String> columns = database.run(statement -> {
                statement.execute("COPY " + SqlText.identifier(mart) + " TO " + SqlText.literal(csv.toAbsolutePath().toString()) + " (HEADER, DELIMITER ',')");
                return columnsOf(statement, mart);
            });
            try (Connection connection = DriverManager.getConnection(url, user, password); Statement statement = connection.createStatement();
                    Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                String table = "duckdb_" + mart;
                statement.execute("DROP TABLE IF EXISTS " + table);
                statement.execute("CREATE TABLE " + table + " (" + String.join(", ", columns) + ")");
                rows += connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv, HEADER true)", reader);
            } catch (SQLException e) {
                throw new IllegalStateException("DuckDB's export of " + mart + " failed: " + e.getMessage(), e);
            }
        }
        return rows;
    }

    /** The table's columns as PostgreSQL column definitions. */
    private static List<String> columnsOf(Statement statement, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("DESCRIBE " + SqlText.identifier(table))) {
            while (result.next()) {
                columns.add("\"" + result.getString(1) + "\" " + postgresType(result.getString(2)));
            }
        }
        return columns;
    }

    private static String postgresType(String duckDbType) {
        String type = duckDbType.toUpperCase(Locale.ROOT);
        if (type.startsWith("DECIMAL")) {
            return type.replace("DECIMAL", "numeric");
        }
        return switch (type) {
            case "VARCHAR" -> "text";
            case "BIGINT", "HUGEINT", "UBIGINT" -> "numeric";
            case "INTEGER" -> "bigint";
            case "DOUBLE" -> "double precision";
            case "TIMESTAMP WITH TIME ZONE" -> "timestamptz";
            default -> type.toLowerCase(Locale.ROOT);  // DATE, TIMESTAMP, BOOLEAN are the same words
        };
    }
}
