package io.medallion.lakehouse.export;

import io.medallion.lakehouse.config.ExportTarget;
import io.medallion.lakehouse.config.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Replaces a Snowflake table's rows with a lakehouse table's through the spark-snowflake connector.
 * The connector's overwrite loads a staging table and swaps it in ({@code usestagingtable=on}, its
 * default, which this writer does not let options turn off), so readers see the old rows or the new.
 */
final class SnowflakeTableWriter {
    static final String FORMAT = "net.snowflake.spark.snowflake";
    /** Spark's session conf for the option names (or values) whose values printed plans hide; by default URLs only. */
    static final String OPTIONS_REDACTION = "spark.sql.redaction.options.regex";

    private final ExportTarget target;
    private final Optional<Secret> password;

    SnowflakeTableWriter(ExportTarget target, Optional<Secret> password) {
        this.target = target;
        this.password = password;
    }

    /** @return the rows the target holds after the copy */
    long replace(Dataset<Row> rows, String table) {
        hidePrivateKeyInPlans(rows.sparkSession());
        long count = rows.count();
        rows.write().format(FORMAT).options(options(table)).mode(SaveMode.Overwrite).save();
        return count;
    }

    /**
     * Makes Spark hide a private key where it prints a write's options (the SQL tab, event logs,
     * {@code explain}): the connector is a v1 source, whose plan prints its options through this
     * pattern and Spark's secret one, and neither matches {@code pem_private_key} (sfPassword matches).
     */
    static void hidePrivateKeyInPlans(SparkSession spark) {
        String current = spark.conf().get(OPTIONS_REDACTION, "(?i)url");
        if (!Pattern.compile(current).matcher("pem_private_key").find()) {
            spark.conf().set(OPTIONS_REDACTION, current + "|(?i)private_key");
        }
    }

    /** The connector's options: the target's, its secret, the table; the staging swap always on. */
    Map<String, String> options(String table) {
        Map<String, String> options = new LinkedHashMap<>(target.options());
        password.ifPresent(secret -> options.put("sfPassword", secret.reveal()));
        target.privateKey().ifPresent(key -> options.put("pem_private_key", key.reveal()));
        options.put("dbtable", table);
        options.put("usestagingtable", "on");
        return options;
    }
}
