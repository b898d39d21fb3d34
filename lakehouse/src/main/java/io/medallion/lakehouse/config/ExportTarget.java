package io.medallion.lakehouse.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A database the pipeline's tables are copied to after each run: a JDBC database, or Snowflake
 * through the spark-snowflake connector. A table is copied only when it changed since its last copy,
 * and replaces the target table's rows in one transaction (JDBC) or one staged swap (Snowflake), so
 * readers of the target see the old rows or the new ones, never a half.
 *
 * @param url the JDBC URL (JDBC targets)
 * @param options the connector's options without secrets (Snowflake: sfURL, sfUser, sfDatabase, sfSchema, sfWarehouse, sfRole...)
 * @param password the password (JDBC, Snowflake's sfPassword); else read from {@link #passwordConfKey} at run time
 * @param privateKey Snowflake's key-pair authentication key (pem_private_key), instead of a password
 * @param enabled false leaves the target declared but not written (a laptop without the database)
 */
public record ExportTarget(String name, Type type, boolean enabled, Optional<String> url, Optional<String> user, Optional<Secret> password,
        Optional<Secret> privateKey, Optional<String> driver, Map<String, String> options, List<ExportTable> tables) {
    /** The kinds of database an export writes to. */
    public enum Type {
        JDBC, SNOWFLAKE
    }

    /** One table copied: {@code from} a lakehouse table (qualified: {@code gold.daily_sales}) {@code to} a table of the target. */
    public record ExportTable(String from, String to) {
        public ExportTable {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
        }
    }

    public ExportTarget {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(driver, "driver is null");
        options = Map.copyOf(options);
        tables = List.copyOf(tables);
    }

    /**
     * Where the target's tables go, safe for messages and records: the JDBC URL without its parameters
     * (after {@code ?} or {@code ;}, where drivers take credentials and tokens), or Snowflake's account,
     * database and schema.
     */
    public String destination() {
        return url.map(JdbcUrls::withoutSecrets)
                .orElseGet(() -> String.join("/", options.getOrDefault("sfURL", ""), options.getOrDefault("sfDatabase", ""), options.getOrDefault("sfSchema", "")));
    }

    /** The Spark conf key a password may come from when the config does not set one (a cluster's secret scope). */
    public static String passwordConfKey(String targetName) {
        return "spark.medallion.export." + targetName + ".password";
    }
}
