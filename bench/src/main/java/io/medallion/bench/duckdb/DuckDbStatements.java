package io.medallion.bench.duckdb;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Work on a DuckDB database file through one connection, opened and closed around it. */
final class DuckDbStatements {
    private final Path database;
    private final String doing;

    /** @param doing what the work is, for the message of its failure ("DuckDB's SCD2 failed: ...") */
    DuckDbStatements(Path database, String doing) {
        this.database = database;
        this.doing = doing;
    }

    interface Work<T> {
        T apply(Statement statement) throws SQLException;
    }

    <T> T run(Work<T> work) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            return work.apply(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(doing + " failed: " + e.getMessage(), e);
        }
    }

    static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** A table function reading every Parquet file of a folder. */
    static String parquet(Path folder) {
        return "read_parquet(" + SqlText.literal(folder.toAbsolutePath() + "/*.parquet") + ")";
    }
}
