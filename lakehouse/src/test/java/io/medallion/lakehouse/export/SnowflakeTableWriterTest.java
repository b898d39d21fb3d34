package io.medallion.lakehouse.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.ExportTarget;
import io.medallion.lakehouse.config.Secret;
import io.medallion.quality.testing.SharedSpark;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Snowflake up to the connector's boundary (no Snowflake account can answer here): the connector is
 * on the classpath under the format the writer names, and receives the target's options, its secret
 * and the staging swap that keeps a copy all-or-nothing.
 */
class SnowflakeTableWriterTest {
    private static final ExportTarget WAREHOUSE = new ExportTarget("warehouse", ExportTarget.Type.SNOWFLAKE, true, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Map.of("sfURL", "acme.snowflakecomputing.com", "sfUser", "loader", "sfDatabase", "lake", "sfSchema", "marts", "usestagingtable", "off"),
            List.of(new ExportTarget.ExportTable("gold.daily_sales", "DAILY_SALES")));

    private static final String KEY = "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-----END PRIVATE KEY-----";

    @Test
    void thePrivateKeyIsHiddenWhereSparkPrintsTheWritesOptions() {
        SparkSession spark = SharedSpark.session();
        ExportTarget keyed = new ExportTarget("warehouse", ExportTarget.Type.SNOWFLAKE, true, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new Secret(KEY)), Optional.empty(), WAREHOUSE.options(), WAREHOUSE.tables());
        scala.collection.immutable.Map<String, String> options = scala.collection.immutable.Map$.MODULE$.empty();
        for (Map.Entry<String, String> option : new SnowflakeTableWriter(keyed, Optional.empty()).options("DAILY_SALES").entrySet()) {
            options = options.updated(option.getKey(), option.getValue());
        }
        spark.conf().unset(SnowflakeTableWriter.OPTIONS_REDACTION);
        assertThat(spark.sessionState().conf().redactOptions(options).toString()).as("Spark's defaults print the key").contains(KEY);

        SnowflakeTableWriter.hidePrivateKeyInPlans(spark);
        SnowflakeTableWriter.hidePrivateKeyInPlans(spark);

        assertThat(spark.sessionState().conf().redactOptions(options).toString()).doesNotContain(KEY).contains("sfUser -> loader");
        assertThat(spark.conf().get(SnowflakeTableWriter.OPTIONS_REDACTION)).as("added once").isEqualTo("(?i)url|(?i)private_key");
    }

    @Test
    void theConnectorIsOnTheClasspathUnderTheWritersFormat() {
        Class<?> source = DataSource.lookupDataSource(SnowflakeTableWriter.FORMAT, SharedSpark.session().sessionState().conf());

        assertThat(source.getName()).startsWith("net.snowflake.spark.snowflake");
    }

    @Test
    void theConnectorGetsTheTargetsOptionsItsSecretAndAlwaysTheStagingSwap() {
        Map<String, String> options = new SnowflakeTableWriter(WAREHOUSE, Optional.of(new Secret("pw-123"))).options("DAILY_SALES");

        assertThat(options).containsEntry("sfURL", "acme.snowflakecomputing.com").containsEntry("sfUser", "loader")
                .containsEntry("sfPassword", "pw-123").containsEntry("dbtable", "DAILY_SALES").containsEntry("usestagingtable", "on");
        assertThat(WAREHOUSE.toString()).doesNotContain("pw-123");
    }
}
