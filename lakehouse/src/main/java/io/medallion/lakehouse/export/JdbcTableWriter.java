package io.medallion.lakehouse.export;

import io.medallion.lakehouse.config.ExportTarget;
import io.medallion.lakehouse.config.Secret;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a JDBC table's rows with a lakehouse table's so that its readers never see a half-copied
 * table: Spark's executors write the rows into a staging table beside it (in parallel, through
 * Spark's JDBC writer), then one transaction on the driver empties the target and fills it from the
 * stage, creating the target on the first copy. The target keeps its grants, indexes and the views
 * on it. The stage is dropped afterwards, and replaced if a failed copy left one.
 */
final class JdbcTableWriter {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcTableWriter.class);
    static final String STAGE_SUFFIX = "_medallion_stage";

    private final ExportTarget target;
    private final Optional<Secret> password;

    JdbcTableWriter(ExportTarget target, Optional<Secret> password) {
        this.target = target;
        this.password = password;
    }

    /** @return the rows the target holds after the copy */
    long replace(Dataset<Row> rows, String table) throws SQLException {
        String stage = table + STAGE_SUFFIX;
        rows.write().format("jdbc").options(sparkOptions(stage)).mode(SaveMode.Overwrite).save();
        JdbcDialect dialect = JdbcDialects.get(target.url().orElseThrow());
        String columns = Arrays.stream(rows.columns()).map(dialect::quoteIdentifier).collect(Collectors.joining(", "));
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            long copied;
            try (Statement statement = connection.createStatement()) {
                Optional<Set<String>> held = columnsOf(connection, table);
                if (held.isEmpty()) {
                    statement.execute(createLike(target.url().orElseThrow(), table, columns, stage));
                } else {
                    checkColumns(held.get(), rows.columns(), table);
                }
                statement.executeUpdate("DELETE FROM " + table);
                copied = statement.executeUpdate("INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + stage);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE " + stage);
            } catch (SQLException e) {
                // The copy is committed: a stage left behind is replaced by the next copy's, so this does not fail it.
                LOG.warn("Export {}: copied to {}, but its stage {} could not be dropped ({}); the next copy replaces it", target.name(), table, stage,
                        e.getMessage());
            }
            return copied;
        }
    }

    /**
     * The statement that creates {@code table} empty, with the stage's columns and their types. The
     * stage's types are the ones Spark's dialect chose for the database, so the target gets them too.
     * SQL Server has no {@code CREATE TABLE ... AS}, and Db2 needs {@code WITH NO DATA}; the others
     * (PostgreSQL, MySQL, MariaDB, Oracle, H2...) take the standard form.
     */
    static String createLike(String url, String table, String columns, String stage) {
        if (url.startsWith("jdbc:sqlserver:")) {
            return "SELECT " + columns + " INTO " + table + " FROM " + stage + " WHERE 1 = 0";
        }
        if (url.startsWith("jdbc:db2:")) {
            return "CREATE TABLE " + table + " AS (SELECT " + columns + " FROM " + stage + ") WITH NO DATA";
        }
        return "CREATE TABLE " + table + " AS SELECT " + columns + " FROM " + stage + " WHERE 1 = 0";
    }

    private Map<String, String> sparkOptions(String table) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("url", target.url().orElseThrow());
        options.put("dbtable", table);
        target.user().ifPresent(user -> options.put("user", user));
        password.ifPresent(secret -> options.put("password", secret.reveal()));
        target.driver().ifPresent(driver -> options.put("driver", driver));
        options.put("batchsize", "10000");
        return options;
    }

    private Connection connect() throws SQLException {
        if (target.driver().isPresent()) {
            try {
                Class.forName(target.driver().get());
            } catch (ClassNotFoundException e) {
                throw new SQLException("the JDBC driver " + target.driver().get() + " is not on the classpath", e);
            }
        }
        return DriverManager.getConnection(target.url().orElseThrow(), target.user().orElse(null), password.map(Secret::reveal).orElse(null));
    }

    /**
     * A target created by an earlier copy has the columns the table had then. One the table gained
     * would fail the INSERT on every copy with the database's words alone, so it is named here with
     * the way out; one the table lost is left to its default (null), and said.
     */
    private void checkColumns(Set<String> held, String[] copied, String table) throws SQLException {
        List<String> missing = Arrays.stream(copied).filter(column -> !held.contains(column.toLowerCase(Locale.ROOT))).toList();
        if (!missing.isEmpty()) {
            boolean one = missing.size() == 1;
            throw new SQLException("the target table " + table + " has no column" + (one ? " " : "s ") + String.join(", ", missing)
                    + ", which the copied table has now. Add " + (one ? "it" : "them") + " to " + table + ", or drop " + table
                    + " so that the next copy creates it with the table's columns");
        }
        Set<String> copiedColumns = Arrays.stream(copied).map(column -> column.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> left = held.stream().filter(column -> !copiedColumns.contains(column)).sorted().toList();
        if (!left.isEmpty()) {
            LOG.warn("Export {}: {} has columns the copied table no longer has ({}); they get their default (null) in the copied rows",
                    target.name(), table, String.join(", ", left));
        }
    }

    /**
     * The table's columns (lower case), or empty when it does not exist; the database's metadata is
     * asked as written and in its usual cases (PostgreSQL folds to lower case). An unqualified name is
     * looked for in the connection's schema only: a table of that name in another schema is not the
     * one {@code DELETE FROM name} reaches.
     */
    private static Optional<Set<String>> columnsOf(Connection connection, String table) throws SQLException {
        String[] parts = table.split("\\.");
        String name = parts[parts.length - 1];
        String schema = parts.length > 1 ? parts[parts.length - 2] : connection.getSchema();
        DatabaseMetaData metadata = connection.getMetaData();
        for (String[] candidate : new String[][] {{schema, name}, lower(schema, name), upper(schema, name)}) {
            try (var tables = metadata.getTables(null, candidate[0], candidate[1], null)) {
                if (tables.next()) {
                    Set<String> columns = new TreeSet<>();
                    try (var described = metadata.getColumns(null, candidate[0], candidate[1], null)) {
                        while (described.next()) {
                            columns.add(described.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        }
                    }
                    return Optional.of(columns);
                }
            }
        }
        return Optional.empty();
    }

    private static String[] lower(String schema, String name) {
        return new String[] {schema == null ? null : schema.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)};
    }

    private static String[] upper(String schema, String name) {
        return new String[] {schema == null ? null : schema.toUpperCase(Locale.ROOT), name.toUpperCase(Locale.ROOT)};
    }
}
