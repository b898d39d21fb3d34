package io.medallion.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.error.MedallionException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JdbcSourceConfigTest {
    private static final String TABLE = """
            bronze:
              orders:
                source: orders
                columns:
                  - {name: id, type: long, required: true}
                  - {name: updated_at, type: timestamp, required: true}
            """;

    private static PipelineConfig parse(String source, Map<String, String> environment) {
        return new PipelineConfigLoader(environment, List.of()).parse("pipeline: shop\nlakehouse: {root: /tmp/lake}\nsources:\n  orders:\n"
                + source.indent(4) + TABLE, "shop.yaml");
    }

    @Test
    void aJdbcSourceIsReadWithItsWatermarkAndAMaskedPasswordFromTheEnvironment() {
        PipelineConfig config = parse("""
                format: jdbc
                url: jdbc:postgresql://db:5432/shop
                table: public.orders
                user: loader
                password: ${PG_PASSWORD}
                fetch_size: 500
                watermark: {column: updated_at, key: [id], lookback: 10m}
                partitioning: {column: id, partitions: 4}
                max_rows_per_run: 100000
                """, Map.of("PG_PASSWORD", "s3cret-value"));

        SourceConfig source = config.source("orders");
        JdbcSourceConfig jdbc = source.jdbc().orElseThrow();
        assertThat(source.format()).as("extracts land as Parquet").isEqualTo(FileFormat.PARQUET);
        assertThat(jdbc.password().orElseThrow().reveal()).isEqualTo("s3cret-value");
        assertThat(jdbc.watermark()).contains(new WatermarkConfig("updated_at", List.of("id"), Duration.ofMinutes(10)));
        assertThat(jdbc.partitioning()).contains(new JdbcPartitioning("id", 4));
        assertThat(jdbc.maxRowsPerRun()).contains(100_000L);
        assertThat(jdbc.fetchSize()).isEqualTo(500);
        assertThat(config.toString()).doesNotContain("s3cret-value").contains("password=Optional[******]");
    }

    @Test
    void everyJdbcProblemIsReportedAtOnceWithItsKeyPathAndNoSecret() {
        assertThatThrownBy(() -> parse("""
                format: jdbc
                url: jdbc:postgresql://db/shop?password=s3cret-value
                table: orders
                pasword: x
                watermark: {column: changed_at, key: [id, shop], lookback: soon}
                soft_delete: is_deleted
                partitioning: {column: id, partitions: 0}
                """, Map.of()))
                .isInstanceOf(MedallionException.class)
                .hasMessage("""
                        The pipeline config has 7 problems; nothing was run:
                          - shop.yaml: sources.orders.pasword: unknown key `pasword`. Did you mean `password`? Known keys here: description, driver, fetch_size, format, max_rows_per_run, partitioning, password, query, soft_delete, table, url, user, watermark
                          - shop.yaml: sources.orders.url: holds a password. Remove it from the URL and set user: and password: ${<VARIABLE>} from the environment, so it stays out of logs and manifests
                          - shop.yaml: sources.orders.watermark.lookback: `soon` is not a duration. Write a whole number and a unit: 90s, 10m, 2h or 1d (or 0)
                          - shop.yaml: sources.orders.partitioning.partitions: must be a whole number from 1 to 2147483647, found 0. Write a positive number of partitions
                          - shop.yaml: bronze.orders.columns: lacks the watermark column `changed_at` of sources.orders.watermark.column. Declare it as {name: changed_at, type: timestamp, required: true}
                          - shop.yaml: bronze.orders.columns: lacks the watermark key column `shop` of sources.orders.watermark.key. Declare it, with required: true
                          - shop.yaml: bronze.orders.columns: lacks the soft-delete column `is_deleted` of sources.orders.soft_delete. Declare it, e.g. {name: is_deleted, type: boolean}""");
    }

    @Test
    void aUrlWithUserAndPasswordIsAConfigErrorThatNamesTheKeyButNotTheSecret() {
        for (String url : List.of("jdbc:mysql://etl:${SECRET}@db/shop", "jdbc:oracle:thin:scott/${SECRET}@db:1521/X",
                "jdbc:postgresql://etl:${SECRET}@db:5432/shop", "jdbc:mysql://etl:pa/${SECRET}@db/shop",
                "jdbc:databricks://host:443/default;UID=token;PWD=${SECRET}", "jdbc:snowflake://acct.snowflakecomputing.com/?private_key_file_pwd=${SECRET}",
                "jdbc:example://db/shop?client_secret=${SECRET}")) {
            assertThatThrownBy(() -> parse("format: jdbc\nurl: \"" + url + "\"\ntable: orders\n", Map.of("SECRET", "s3cret-value")))
                    .as(url)
                    .isInstanceOfSatisfying(MedallionException.class, e -> assertThat(e.kind()).isEqualTo(MedallionException.Kind.BAD_CONFIG))
                    .hasMessageContaining("shop.yaml: sources.orders.url: holds a password")
                    .message().doesNotContain("s3cret-value");
        }
    }

    @Test
    void aUrlInMessagesKeepsNeitherItsParametersNorAUserPartsPassword() {
        assertThat(JdbcUrls.withoutSecrets("jdbc:postgresql://db:5432/shop?sslmode=require&token=t0k")).isEqualTo("jdbc:postgresql://db:5432/shop");
        assertThat(JdbcUrls.withoutSecrets("jdbc:sqlserver://db:1433;databaseName=shop;password=x")).isEqualTo("jdbc:sqlserver://db:1433");
        assertThat(JdbcUrls.withoutSecrets("jdbc:mysql://etl:s3cret@db/shop")).isEqualTo("jdbc:mysql://etl:***@db/shop");
    }

    @Test
    void aUrlWithAUserButNoPasswordIsAccepted() {
        PipelineConfig config = parse("format: jdbc\nurl: \"jdbc:oracle:thin:@//db:1521/ORCL\"\ntable: orders\n", Map.of());

        assertThat(config.source("orders").jdbc().orElseThrow().url()).isEqualTo("jdbc:oracle:thin:@//db:1521/ORCL");
    }

    @Test
    void anEmptyPasswordFromAnUnsetVariableIsUnsetSoTheSparkConfFallbackApplies() {
        PipelineConfig config = parse("format: jdbc\nurl: jdbc:postgresql://db/shop\ntable: orders\npassword: ${UNSET_PASSWORD:-}\n", Map.of());

        assertThat(config.source("orders").jdbc().orElseThrow().password()).isEmpty();
    }

    @Test
    void theShippedJdbcExampleIsValid() {
        PipelineConfig config = new PipelineConfigLoader(Map.of("PG_PASSWORD", "example"), List.of())
                .load(Path.of("../conf/examples/jdbc-orders.yaml"));

        JdbcSourceConfig jdbc = config.source("orders").jdbc().orElseThrow();
        assertThat(jdbc.watermark().map(WatermarkConfig::keys)).contains(List.of("order_id"));
        assertThat(jdbc.softDelete()).contains("is_deleted");
        assertThat(config.table(Layer.BRONZE, "orders")).isPresent();
        assertThat(config.table(Layer.BRONZE, "orders").orElseThrow().source()).isEqualTo(Optional.of("orders"));
    }

    @Test
    void aSourceNeedsATableOrAQueryButNotBoth() {
        assertThatThrownBy(() -> parse("format: jdbc\nurl: jdbc:postgresql://db/shop\ntable: orders\nquery: SELECT 1\n", Map.of()))
                .hasMessageContaining("shop.yaml: sources.orders.query: cannot be set together with table. "
                        + "Set either table: <schema.table> or query: <SELECT ...>, not both");
        assertThatThrownBy(() -> parse("format: jdbc\nurl: jdbc:postgresql://db/shop\n", Map.of()))
                .hasMessageContaining("shop.yaml: sources.orders.table: is required. Set either table: <schema.table> or query: <SELECT ...>, not both");
    }
}
