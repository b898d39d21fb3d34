package io.medallion.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.error.MedallionException;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.suite.AnomalyMetric;
import io.medallion.quality.suite.CheckConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CheckConfigReadingTest {
    /** A pipeline whose bronze.sales checks are given by each test (indented under `checks:`). */
    private static final String PIPELINE = """
            pipeline: shop
            lakehouse:
              root: /data/lake
            sources:
              sales: {location: /landing/sales, format: csv}
              products: {location: /landing/products, format: csv}
            bronze:
              sales:
                source: sales
                keys: [transaction_id]
                columns:
                  - {name: transaction_id, type: string}
                  - {name: product_id, type: string}
                  - {name: channel, type: string}
                  - {name: store_id, type: string}
                  - {name: quantity, type: int}
                  - {name: unit_price, type: "decimal(10,2)"}
                  - {name: discount_pct, type: double}
                  - {name: transaction_ts, type: timestamp}
                  - {name: email, type: string}
                checks:
            %s
              products:
                source: products
                keys: [product_id]
                columns:
                  - {name: product_id, type: string}
                  - {name: sku, type: string}
            """;

    private static List<CheckConfig> checksOf(String checks) {
        PipelineConfig config = new PipelineConfigLoader(Map.of(), List.of()).parse(PIPELINE.formatted(checks.indent(6).stripTrailing()), "shop.yaml");
        return config.table(Layer.BRONZE, "sales").orElseThrow().checks();
    }

    private static String problemsOf(String checks) {
        MedallionException error = org.junit.jupiter.api.Assertions.assertThrows(MedallionException.class, () -> checksOf(checks));
        assertThat(error.kind().exitCode()).isEqualTo(2);
        return error.getMessage();
    }

    @Test
    void readsEveryCheckTypeWithItsDefaults() {
        List<CheckConfig> checks = checksOf("""
                - {type: uniqueness, columns: [transaction_id], threshold: 0.999}
                - {type: completeness, column: discount_pct, threshold: 0.9, level: warning}
                - {type: allowed_values, column: channel, values: [store, web, app]}
                - {type: pattern, column: store_id, pattern: "S[0-9]{3}", threshold: 0.99}
                - {type: range, column: quantity, min: 1, max: 1000}
                - {type: size, min: 1, max: 50000000}
                - {type: sql, expression: "quantity * unit_price < 100000", threshold: 0.999}
                - {type: freshness, column: transaction_ts, max_age: 3d}
                - {type: reconciliation, threshold: 0.98}
                - {type: references, column: product_id, table: bronze.products, threshold: 0.99}
                - {type: anomaly, metric: row_count, max_decrease: 0.5, max_increase: 3.0, level: warning}
                - {type: anomaly, metric: completeness, column: email, max_decrease: 0.05, level: warning, description: emails keep coming}
                """);

        Optional<String> none = Optional.empty();
        CheckLevel error = CheckLevel.ERROR;
        CheckLevel warning = CheckLevel.WARNING;
        assertThat(checks).containsExactly(
                new CheckConfig.Uniqueness("uniqueness_transaction_id", error, none, List.of("transaction_id"), 0.999),
                new CheckConfig.Completeness("completeness_discount_pct", warning, none, "discount_pct", 0.9),
                new CheckConfig.AllowedValues("allowed_values_channel", error, none, "channel", List.of("store", "web", "app"), 1.0),
                new CheckConfig.Pattern("pattern_store_id", error, none, "store_id", "S[0-9]{3}", 0.99),
                new CheckConfig.Range("range_quantity", error, none, "quantity", Optional.of(BigDecimal.ONE), Optional.of(new BigDecimal("1000"))),
                new CheckConfig.Size("size", error, none, OptionalLong.of(1), OptionalLong.of(50_000_000)),
                new CheckConfig.Sql("sql", error, none, "quantity * unit_price < 100000", 0.999),
                new CheckConfig.Freshness("freshness_transaction_ts", error, none, "transaction_ts", Duration.ofDays(3)),
                new CheckConfig.Reconciliation("reconciliation", error, none, 0.98),
                new CheckConfig.References("references_product_id", error, none, List.of("product_id"), "bronze.products", List.of("product_id"), 0.99),
                new CheckConfig.Anomaly("anomaly_row_count", warning, none, AnomalyMetric.ROW_COUNT, Optional.empty(), OptionalDouble.of(0.5),
                        OptionalDouble.of(3.0)),
                new CheckConfig.Anomaly("anomaly_completeness_email", warning, Optional.of("emails keep coming"), AnomalyMetric.COMPLETENESS,
                        Optional.of("email"), OptionalDouble.of(0.05), OptionalDouble.empty()));
    }

    @Test
    void referencedTablesNameWhatReferencesChecksRead() {
        PipelineConfig config = new PipelineConfigLoader(Map.of(), List.of()).parse(PIPELINE.formatted("""
                - {type: references, column: product_id, table: bronze.products}
                - {type: references, id: product_again, column: product_id, table: bronze.products, key: sku}
                """.indent(6).stripTrailing()), "shop.yaml");

        assertThat(config.table(Layer.BRONZE, "sales").orElseThrow().referencedTables()).containsExactly("bronze.products");
        assertThat(config.table(Layer.BRONZE, "products").orElseThrow().referencedTables()).isEmpty();
    }

    @Test
    void checksMayNameMetadataColumns() {
        List<CheckConfig> checks = checksOf("- {type: freshness, column: _ingested_at, max_age: 2h}");

        assertThat(checks).containsExactly(new CheckConfig.Freshness("freshness__ingested_at", CheckLevel.ERROR, Optional.empty(), "_ingested_at",
                Duration.ofHours(2)));
    }

    @Test
    void anUnknownTypeSuggestsTheNearestOne() {
        assertThat(problemsOf("- {type: uniquness, column: transaction_id}"))
                .contains("shop.yaml: bronze.sales.checks[0].type: `uniquness` is not a check type. Did you mean `uniqueness`? Use one of uniqueness,");
    }

    @Test
    void aKeyTheTypeDoesNotTakeIsRejected() {
        assertThat(problemsOf("- {type: completeness, column: email, values: [a]}"))
                .contains("bronze.sales.checks[0].values: unknown key `values`", "Known keys here: column, description, id, level, threshold, type");
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        assertThat(problemsOf("- {type: allowed_values, column: channel}"))
                .contains("bronze.sales.checks[0].values: is required. List the values the column may hold");
        assertThat(problemsOf("- {type: completeness}")).contains("bronze.sales.checks[0].column: is required but missing");
    }

    @Test
    void anUnknownColumnIsNamed() {
        assertThat(problemsOf("- {type: uniqueness, columns: [transaction_id, till]}"))
                .contains("bronze.sales.checks[0].columns: names column `till`, which the table does not declare. Use a declared column (transaction_id,",
                        "or a metadata column (_source_file, _ingest_date");
    }

    @Test
    void aThresholdOutsideZeroToOneIsRejected() {
        assertThat(problemsOf("- {type: completeness, column: email, threshold: 99}"))
                .contains("bronze.sales.checks[0].threshold: is 99, not a number between 0 and 1. Write the least share of rows that must pass");
        assertThat(problemsOf("- {type: completeness, column: email, threshold: most}"))
                .contains("bronze.sales.checks[0].threshold: expected a number, found `most`");
    }

    @Test
    void minAboveMaxIsRejected() {
        assertThat(problemsOf("- {type: range, column: quantity, min: 10, max: 1}"))
                .contains("bronze.sales.checks[0].min: is 10, above max 1. Make min at most max");
        assertThat(problemsOf("- {type: size, min: 10, max: 1}")).contains("bronze.sales.checks[0].min: is 10, above max 1");
        assertThat(problemsOf("- {type: range, column: email, min: 1}"))
                .contains("bronze.sales.checks[0].column: names column `email` of type string, but a range check needs a numeric column");
    }

    @Test
    void aPatternOnANonStringColumnIsRejected() {
        assertThat(problemsOf("- {type: pattern, column: quantity, pattern: \"[0-9]+\"}"))
                .contains("bronze.sales.checks[0].column: names column `quantity` of type int, but a pattern check needs a string column");
    }

    @Test
    void aReconciliationWithoutACountedSourceIsRejected() {
        String parquet = PIPELINE.replace("sales: {location: /landing/sales, format: csv}", "sales: {location: /landing/sales, format: parquet}")
                .formatted("- {type: reconciliation}".indent(6).stripTrailing());
        MedallionException error = org.junit.jupiter.api.Assertions.assertThrows(MedallionException.class,
                () -> new PipelineConfigLoader(Map.of(), List.of()).parse(parquet, "shop.yaml"));
        assertThat(error.getMessage()).contains("bronze.sales.checks[0].type: a reconciliation check compares the batch's rows with the records"
                + " landing counted, and this table's source format (Parquet, Avro, JSON documents) is not counted");
    }

    @Test
    void aBadRegularExpressionIsRejected() {
        assertThat(problemsOf("- {type: pattern, column: store_id, pattern: \"S[0-9\"}"))
                .contains("bronze.sales.checks[0].pattern: `S[0-9` is not a valid regular expression: Unclosed character class");
    }

    @Test
    void aBadSqlExpressionIsRejected() {
        assertThat(problemsOf("- {type: sql, expression: \"quantity * < 3\"}"))
                .contains("bronze.sales.checks[0].expression: `quantity * < 3` is not a valid Spark SQL expression: [PARSE_SYNTAX_ERROR] Syntax error at or near '<'");
    }

    @Test
    void anSqlExpressionNamingAnUnknownColumnIsRejected() {
        assertThat(problemsOf("- {type: sql, expression: \"quantity * price < 100000 AND upper(channel) <> 'FAX'\"}"))
                .contains("bronze.sales.checks[0].expression: names column `price`, which the table does not declare")
                .doesNotContain("`channel`", "`quantity`");
    }

    @Test
    void anUnknownReferencedTableOrKeyIsRejected() {
        assertThat(problemsOf("- {type: references, column: product_id, table: bronze.product}"))
                .contains("bronze.sales.checks[0].table: names table `bronze.product`, which the pipeline does not declare. Use one of: bronze.products, bronze.sales");
        assertThat(problemsOf("- {type: references, column: product_id, table: bronze.products, key: code}"))
                .contains("bronze.sales.checks[0].key: names column `code`, which bronze.products does not declare. Use one of its columns: product_id, sku");
        assertThat(problemsOf("- {type: references, columns: [product_id, store_id], table: bronze.products}"))
                .contains("bronze.sales.checks[0]: 2 columns reference 1 key columns of bronze.products");
    }

    @Test
    void duplicateIdsAreRejected() {
        assertThat(problemsOf("""
                - {type: completeness, column: email, level: warning}
                - {type: completeness, column: email}
                """))
                .contains("bronze.sales.checks[1].id: `completeness_email` is also the id of bronze.sales.checks[0]; ids are unique per table. Give one of them another `id:`");
        assertThat(problemsOf("- {type: size, min: 1, id: Size-Check}")).contains("bronze.sales.checks[0].id: `Size-Check` is not a valid check id");
    }

    @Test
    void aBadMaxAgeIsRejected() {
        assertThat(problemsOf("- {type: freshness, column: transaction_ts, max_age: 3 days}"))
                .contains("bronze.sales.checks[0].max_age: `3 days` is not a duration. Write a whole number and a unit: 90s, 10m, 2h or 3d");
        assertThat(problemsOf("- {type: freshness, column: channel, max_age: 3d}"))
                .contains("bronze.sales.checks[0].column: names column `channel` of type string, but freshness needs a date or timestamp column");
    }

    @Test
    void anAnomalyNeedsAKnownMetricAndABound() {
        assertThat(problemsOf("- {type: anomaly, metric: mean, max_increase: 1}"))
                .contains("bronze.sales.checks[0].metric: `mean` is not a metric anomaly checks know. Use row_count or completeness");
        assertThat(problemsOf("- {type: anomaly, metric: row_count}"))
                .contains("bronze.sales.checks[0]: an anomaly check needs max_decrease, max_increase or both");
        assertThat(problemsOf("- {type: anomaly, metric: completeness, max_decrease: 0.1}"))
                .contains("bronze.sales.checks[0].column: is required but missing");
        assertThat(problemsOf("- {type: anomaly, metric: row_count, max_decrease: 1.5}"))
                .contains("bronze.sales.checks[0].max_decrease: is 1.5, not a change between 0 and 1");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String problems = problemsOf("""
                - {type: completeness, column: nope}
                - {type: size}
                - {type: references, column: product_id, table: silver.products}
                """);

        assertThat(problems).contains("checks[0].column", "checks[1]: a size check needs min, max or both", "checks[2].table");
    }

    @Test
    void theRetailConfigsChecksLoad() {
        PipelineConfig retail = new PipelineConfigLoader(Map.of("MEDALLION_ROOT", "/tmp/lake"), List.of()).load(Path.of("../conf/retail.yaml"));

        assertThat(retail.tables(Layer.BRONZE)).hasSize(6).allSatisfy(table -> assertThat(table.checks()).isNotEmpty());
        TableConfig sales = retail.table(Layer.BRONZE, "sales").orElseThrow();
        assertThat(sales.referencedTables()).containsExactly("bronze.products", "bronze.customers");
        assertThat(sales.checks()).first().isEqualTo(new CheckConfig.Uniqueness("uniqueness_transaction_id", CheckLevel.ERROR, Optional.empty(),
                List.of("transaction_id"), 0.99));
    }
}
