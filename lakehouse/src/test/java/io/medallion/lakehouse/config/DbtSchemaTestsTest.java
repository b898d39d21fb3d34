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

    @Test
    void everySupportedDbtTestBecomesACheck() {
        Map<String, List<Map<String, Object>>> checks = DbtSchemaTests.checksByModel(SCHEMA, "dbt/models/schema.yml", Layer.GOLD);

        assertThat(checks.get("fct_sales")).containsExactly(
                Map.of("type", "uniqueness", "columns", List.of("sale_id", "line")),
                Map.of("type", "completeness", "column", "sale_id"),
                Map.of("type", "allowed_values", "column", "channel", "values", List.of("store", "web"), "level", "warning"),
                Map.of("type", "references", "column", "customer_id", "table", "gold.dim_customer", "key", "customer_id"));
        assertThat(checks.get("dim_customer")).containsExactly(
                Map.of("type", "uniqueness", "columns", List.of("customer_id")),
                Map.of("type", "completeness", "column", "customer_id"));
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
