package io.medallion.lakehouse.export;

import io.medallion.lakehouse.config.ExportTarget;
import io.medallion.lakehouse.config.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Replaces a Snowflake table's rows with a lakehouse table's through the spark-snowflake connector.
 * The connector's overwrite loads a staging table and swaps it in ({@code usestagingtable=on}, its
 * default, which this writer does not let options turn off), so readers see the old rows or the new.
 */
final class SnowflakeTableWriter {
    static final String FORMAT = "net.snowflake.spark.snowflake";

    private final ExportTarget target;
    private final Optional<Secret> password;

    SnowflakeTableWriter(ExportTarget target, Optional<Secret> password) {
        this.target = target;
        this.password = password;
    }

    /** @return the rows the target holds after the copy */
    long replace(Dataset<Row> rows, String table) {
        long count = rows.count();
        rows.write().format(FORMAT).options(options(table)).mode(SaveMode.Overwrite).save();
        return count;
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
