package io.medallion.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.error.MedallionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportConfigReadingTest {
    private static final String PIPELINE = """
            pipeline: shop
            lakehouse: {root: /data/lake}
            sources:
              a: {location: /landing/a, format: csv}
            bronze:
              a: {source: a, columns: [{name: id, type: string}]}
            silver:
              orders: {from: a, load: append, keys: [id]}
            exports:
            %s
            """;

    private static PipelineConfig parse(String exports) {
        return new PipelineConfigLoader(Map.of("SECRET", "s3cr3t-Value"), List.of()).parse(PIPELINE.formatted(exports.indent(2)), "shop.yaml");
    }

    @Test
    void readsJdbcAndSnowflakeTargetsWithTheirSecretsMasked() {
        PipelineConfig config = parse("""
                reporting:
                  type: jdbc
                  url: jdbc:postgresql://db:5432/reporting
                  user: loader
                  password: ${SECRET}
                  tables: [{from: silver.orders, to: marts.orders}, {from: bronze.a, to: raw_a}]
                warehouse:
                  type: snowflake
                  enabled: false
                  private_key: ${SECRET}
                  options: {sfURL: acme.snowflakecomputing.com, sfUser: loader, sfDatabase: lake, sfSchema: marts, sfWarehouse: load_wh}
                  tables: [{from: silver.orders, to: ORDERS}]
                """);

        assertThat(config.exports()).hasSize(2);
        ExportTarget reporting = config.exports().get(0);
        assertThat(reporting.type()).isEqualTo(ExportTarget.Type.JDBC);
        assertThat(reporting.enabled()).isTrue();
        assertThat(reporting.tables()).containsExactly(new ExportTarget.ExportTable("silver.orders", "marts.orders"),
                new ExportTarget.ExportTable("bronze.a", "raw_a"));
        assertThat(reporting.password().orElseThrow().reveal()).isEqualTo("s3cr3t-Value");
        ExportTarget warehouse = config.exports().get(1);
        assertThat(warehouse.enabled()).isFalse();
        assertThat(warehouse.options()).containsEntry("sfWarehouse", "load_wh");
        assertThat(config.exports().toString()).doesNotContain("s3cr3t-Value");
    }

    @Test
    void everyProblemIsNamedAndNoSecretIsRepeated() {
        assertThatThrownBy(() -> parse("""
                reporting:
                  type: jdbc
                  url: jdbc:postgresql://db/reporting?password=${SECRET}
                  tables: [{from: gold.nothing, to: "marts.daily sales"}, {from: silver.orders, to: x}, {from: silver.orders, to: X}]
                warehouse:
                  type: snowflake
                  options: {sfURL: acme.snowflakecomputing.com, sfPassword: "${SECRET}"}
                  tables: []
                ftp:
                  type: ftp
                  tables: []
                """))
                .isInstanceOf(MedallionException.class)
                .satisfies(e -> assertThat(((MedallionException) e).kind().exitCode()).isEqualTo(2))
                .hasMessageContaining("exports.reporting.url: holds a password")
                .hasMessageContaining("exports.reporting.tables[0].from: names `gold.nothing`, which the pipeline does not declare")
                .hasMessageContaining("exports.reporting.tables[0].to: `marts.daily sales` is not a table name")
                .hasMessageContaining("exports.reporting.tables[2].to: `X` is also the target of exports.reporting.tables[1]")
                .hasMessageContaining("exports.warehouse.options.sfPassword: is a secret")
                .hasMessageContaining("exports.warehouse.options.sfUser: is required for a snowflake export")
                .hasMessageContaining("exports.ftp.type: `ftp` is not an export type")
                .message().doesNotContain("s3cr3t-Value");
    }

    @Test
    void anEmptyPasswordIsUnsetSoTheSparkConfCanGiveIt() {
        // `${VARIABLE:-}` of an unset variable is empty, as conf/retail.yaml writes it.
        PipelineConfig config = parse("""
                reporting:
                  type: jdbc
                  url: jdbc:postgresql://db:5432/reporting
                  password: ${UNSET_PASSWORD:-}
                  tables: [{from: silver.orders, to: orders}]
                warehouse:
                  type: snowflake
                  private_key: ""
                  options: {sfURL: acme.snowflakecomputing.com, sfUser: loader, sfDatabase: lake, sfSchema: marts}
                  tables: [{from: silver.orders, to: ORDERS}]
                """);

        assertThat(config.exports().get(0).password()).isEmpty();
        assertThat(config.exports().get(1).privateKey()).isEmpty();
    }

    @Test
    void aPasswordInAUrlsUserPartIsRejectedAndTheDestinationNamesNoParameters() {
        for (String url : List.of("jdbc:mysql://loader:${SECRET}@db:3306/reporting", "jdbc:oracle:thin:loader/${SECRET}@//db:1521/ORCL")) {
            assertThatThrownBy(() -> parse("""
                    reporting:
                      type: jdbc
                      url: "%s"
                      tables: [{from: silver.orders, to: orders}]
                    """.formatted(url)))
                    .hasMessageContaining("exports.reporting.url: holds a password").message().doesNotContain("s3cr3t-Value");
        }
        PipelineConfig config = parse("""
                reporting:
                  type: jdbc
                  url: "jdbc:postgresql://db:5432/reporting?ssl=true&sslkey=/k"
                  tables: [{from: silver.orders, to: orders}]
                oracle:
                  type: jdbc
                  url: "jdbc:oracle:thin:@//db:1521/ORCL"
                  tables: [{from: silver.orders, to: orders}]
                sqlserver:
                  type: jdbc
                  url: "jdbc:sqlserver://db:1433;databaseName=reporting;accessToken=abc"
                  tables: [{from: silver.orders, to: orders}]
                warehouse:
                  type: snowflake
                  options: {sfURL: acme.snowflakecomputing.com, sfUser: loader, sfDatabase: lake, sfSchema: marts}
                  tables: [{from: silver.orders, to: ORDERS}]
                """);

        assertThat(config.exports()).extracting(ExportTarget::destination).containsExactly("jdbc:postgresql://db:5432/reporting",
                "jdbc:oracle:thin:@//db:1521/ORCL", "jdbc:sqlserver://db:1433", "acme.snowflakecomputing.com/lake/marts");
    }
}
