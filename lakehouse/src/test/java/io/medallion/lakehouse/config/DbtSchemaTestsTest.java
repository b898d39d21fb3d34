package io.medallion.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.error.MedallionException;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.suite.CheckConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

class DbtSchemaTestsTest {
    private static final String SCHEMA = """
            version: 2
            models:
              - name: fct_sales
                data_tests:
                  - dbt_utils.unique_combination_of_columns:
                      combination_of_columns: [sale_id, line]
                columns:
                  - name: sale_id
                    tests: [not_null]
                  - name: channel
                    tests:
                      - accepted_values:
                          values: [store, web]
                          config: {severity: warn}
                  - name: customer_id
                    data_tests:
                      - relationships:
                          arguments: {to: "ref('dim_customer')", field: customer_id}
              - name: dim_customer
                columns:
                  - name: customer_id
                    tests: [unique, not_null]
            """;

    /** A pipeline whose two gold tables take their checks from the dbt schema, through the loader like hand-written checks. */
    private static final String PIPELINE = """
            pipeline: shop
            lakehouse: {root: /data/lake}
            sources:
              a: {location: /landing/a, format: csv}
            bronze:
              a: {source: a, columns: [{name: id, type: string}]}
            gold:
              fct_sales:
                columns: [{name: sale_id, type: string}, {name: line, type: int}, {name: channel, type: string}, {name: customer_id, type: string}]
                checks: %s
              dim_customer:
                keys: [customer_id]
                columns: [{name: customer_id, type: string}]
                checks: %s
            """;

    @Test
    void everySupportedDbtTestBecomesACheckTheLoaderAccepts() {
        Map<String, List<Map<String, Object>>> checks = DbtSchemaTests.checksByModel(SCHEMA, "dbt/models/schema.yml", Layer.GOLD);
        Dump flow = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.FLOW).setWidth(10_000).build());

        PipelineConfig config = new PipelineConfigLoader(Map.of(), List.of()).parse(
                PIPELINE.formatted(flow.dumpToString(checks.get("fct_sales")).strip(), flow.dumpToString(checks.get("dim_customer")).strip()),
                "shop.yaml");

        assertThat(config.table(Layer.GOLD, "fct_sales").orElseThrow().checks()).containsExactly(
                new CheckConfig.Uniqueness("uniqueness_sale_id_line", CheckLevel.ERROR, Optional.empty(), List.of("sale_id", "line"), 1.0),
                new CheckConfig.Completeness("completeness_sale_id", CheckLevel.ERROR, Optional.empty(), "sale_id", 1.0),
                new CheckConfig.AllowedValues("allowed_values_channel", CheckLevel.WARNING, Optional.empty(), "channel", List.of("store", "web"), 1.0),
                new CheckConfig.References("references_customer_id", CheckLevel.ERROR, Optional.empty(), List.of("customer_id"),
                        "gold.dim_customer", List.of("customer_id"), 1.0));
        assertThat(config.table(Layer.GOLD, "dim_customer").orElseThrow().checks()).containsExactly(
                new CheckConfig.Uniqueness("uniqueness_customer_id", CheckLevel.ERROR, Optional.empty(), List.of("customer_id"), 1.0),
                new CheckConfig.Completeness("completeness_customer_id", CheckLevel.ERROR, Optional.empty(), "customer_id", 1.0));
    }

    @Test
    void aTestWithoutACheckIsNamedByItsKeyPathWithTheWayOut() {
        String schema = """
                models:
                  - name: fct_sales
                    columns:
                      - name: amount
                        tests: [not_null, {dbt_expectations.expect_column_values_to_be_between: {min_value: 0}}]
                      - name: customer_id
                        tests: [{relationships: {to: "source('crm', 'customers')", field: id}}]
                """;

        assertThatThrownBy(() -> DbtSchemaTests.checksByModel(schema, "schema.yml", Layer.GOLD))
                .isInstanceOf(MedallionException.class)
                .hasMessageContaining("schema.yml")
                .hasMessageContaining("models[0].columns[0].tests[1]")
                .hasMessageContaining("dbt_expectations.expect_column_values_to_be_between")
                .hasMessageContaining("type: sql")
                .hasMessageContaining("models[0].columns[1].tests[0].relationships.to")
                .satisfies(e -> assertThat(((MedallionException) e).kind().exitCode()).isEqualTo(2));
    }
}
