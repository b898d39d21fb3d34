package io.medallion.lakehouse.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real PostgreSQL server JDBC tests run against, given by MEDALLION_TEST_PG_URL,
 * MEDALLION_TEST_PG_USER and MEDALLION_TEST_PG_PASSWORD ({@code .ci/run} starts one and sets them).
 * Without them the tests fail, saying how to provide a server: an imitation would not prove the
 * SQL right. Each test gets its own table name, so tests never see each other's rows.
 */
final class TestDatabase {
    static final String URL = "MEDALLION_TEST_PG_URL";
    static final String USER = "MEDALLION_TEST_PG_USER";
    static final String PASSWORD = "MEDALLION_TEST_PG_PASSWORD";

    private final String url;
    private final String user;
    private final String password;

    private TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    static TestDatabase fromEnvironment() {
        Map<String, String> environment = System.getenv();
        String url = environment.get(URL);
        if (url == null || url.isBlank()) {
            throw new AssertionError("The JDBC tests need a real PostgreSQL server and " + URL + " is not set. Start one and set "
                    + URL + "=jdbc:postgresql://localhost:5432/<database>, " + USER + " and " + PASSWORD
                    + " (as root on Debian: apt-get install -y postgresql; pg_ctlcluster 15 main start; then create the role and "
                    + "database as .ci/run does), or run .ci/run, which does all of it.");
        }
        return new TestDatabase(url, environment.getOrDefault(USER, ""), environment.getOrDefault(PASSWORD, ""));
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** A table name no other test uses. */
    static String uniqueTable(String prefix) {
        return prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFL);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Runs statements in one transaction, committed at the end. */
    void execute(String... statements) throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
            connection.commit();
        }
    }
}
