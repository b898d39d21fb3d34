package io.medallion.lakehouse.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real PostgreSQL server JDBC tests run against: the one given by MEDALLION_TEST_PG_URL,
 * MEDALLION_TEST_PG_USER and MEDALLION_TEST_PG_PASSWORD ({@code .ci/run} starts one and sets them), or else a
 * {@link ThrowawayPostgres} this JVM starts from the binaries on the test classpath. Never an imitation: it would
 * not prove the SQL right. Each test gets its own table name, so tests never see each other's rows.
 */
public final class TestDatabase {
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

    public static TestDatabase fromEnvironment() {
        Map<String, String> environment = System.getenv();
        String url = environment.get(URL);
        if (url == null || url.isBlank()) {
            ThrowawayPostgres server = ThrowawayPostgres.shared();
            return new TestDatabase(server.url(), server.user(), server.password());
        }
        return new TestDatabase(url, environment.getOrDefault(USER, ""), environment.getOrDefault(PASSWORD, ""));
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A table name no other test uses. */
    static String uniqueTable(String prefix) {
        return prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFL);
    }

    public Connection connect() throws SQLException {
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
