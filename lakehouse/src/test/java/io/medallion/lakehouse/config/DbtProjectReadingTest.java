package io.medallion.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.error.MedallionException;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.suite.CheckConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline's gold layer read from a dbt project on disk, through the loader. */
class DbtProjectReadingTest {
    private static final String PIPELINE = """
            pipeline: shop
            lakehouse: {root: /data/lake}
            sources:
              a: {location: /landing/a, format: csv}
            bronze:
              a: {source: a, columns: [{name: id, type: string}]}
            silver:
              orders: {from: a, load: append, keys: [id]}
            gold:
              dbt_project: ../dbt
            """;

    @TempDir
    Path temp;

    private PipelineConfig load(Map<String, String> files) throws IOException {
        return load("name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n", files);
    }

    private PipelineConfig load(String project, Map<String, String> files) throws IOException {
        Files.createDirectories(temp.resolve("conf"));
        Files.createDirectories(temp.resolve("dbt/models/marts/finance"));
        Files.writeString(temp.resolve("dbt/dbt_project.yml"), project);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(temp.resolve("dbt").resolve(file.getKey()), file.getValue());
        }
        return new PipelineConfigLoader(Map.of(), List.of()).parse(PIPELINE, "conf/shop.yaml", temp.resolve("conf"));
    }

    @Test
    void modelsTheirSettingsAndTheirTestsAsChecks() throws IOException {
        PipelineConfig config = load(Map.of(
                "models/sources.yml", "sources: [{name: lake, schema: silver, tables: [{name: orders}]}]",
                "models/marts/fct_orders.sql", "{{ config(materialized='incremental', unique_key='id', partition_by=['day']) }}\n"
                        + "select id, current_date() as day from {{ source('lake', 'orders') }}",
                "models/marts/dim_ids.sql", "select distinct id from {{ ref('fct_orders') }} union select id from {{ source('bronze', 'a') }}",
                "models/schema.yml", """
                        models:
                          - name: fct_orders
                            columns:
                              - {name: id, data_type: string, tests: [not_null, {relationships: {to: "ref('dim_ids')", field: id, config: {severity: warn}}}]}
                          - name: dim_ids
                            tests: [{dbt_utils.unique_combination_of_columns: {combination_of_columns: [id]}}]
                        """));

        assertThat(config.goldModels()).extracting(GoldModelConfig::name).containsExactly("dim_ids", "fct_orders");
        GoldModelConfig facts = config.goldModels().get(1);
        assertThat(facts.materialization()).isEqualTo(Materialization.INCREMENTAL);
        assertThat(facts.uniqueKey()).containsExactly("id");
        assertThat(facts.partitionBy()).containsExactly("day");
        assertThat(facts.reads()).containsExactly("silver.orders");
        assertThat(facts.sourceTables()).containsEntry("lake.orders", "silver.orders");
        assertThat(facts.file()).isEqualTo("../dbt/models/marts/fct_orders.sql");
        GoldModelConfig ids = config.goldModels().get(0);
        assertThat(ids.materialization()).as("the project's +materialized").isEqualTo(Materialization.TABLE);
        assertThat(ids.reads()).containsExactly("gold.fct_orders", "bronze.a");
        assertThat(config.table(Layer.GOLD, "fct_orders").orElseThrow().checks()).containsExactly(
                new CheckConfig.Completeness("completeness_id", CheckLevel.ERROR, Optional.empty(), "id", 1.0),
                new CheckConfig.References("references_id", CheckLevel.WARNING, Optional.empty(), List.of("id"), "gold.dim_ids", List.of("id"), 1.0));
        assertThat(config.table(Layer.GOLD, "dim_ids").orElseThrow().checks()).containsExactly(
                new CheckConfig.Uniqueness("uniqueness_id", CheckLevel.ERROR, Optional.empty(), List.of("id"), 1.0));
    }

    @Test
    void everyProblemIsNamedByFileAndLineOrKeyAndIsBadConfig() throws IOException {
        assertThatThrownBy(() -> load(Map.of(
                "models/a.sql", "{{ config(materialized='incremental') }}\nselect * from {{ ref('nowhere') }}",
                "models/b.sql", "select * from {{ source('silver', 'missing') }} join {{ ref('c') }}",
                "models/c.sql", "{{ config(materialized='snapshot', alias='x') }}\nselect * from {{ ref('b') }}",
                "models/d.sql", "select 1",
                "models/schema.yml", "models: [{name: e, columns: [{name: x, data_type: varchar2}]}]")))
                .isInstanceOf(MedallionException.class)
                .satisfies(e -> assertThat(((MedallionException) e).kind().exitCode()).isEqualTo(2))
                .hasMessageContaining("../dbt/models/a.sql: config(): an incremental model merges by unique_key, which it does not set")
                .hasMessageContaining("../dbt/models/a.sql: ref('nowhere') names no model of the project")
                .hasMessageContaining("../dbt/models/b.sql: source('silver', 'missing') reads silver.missing, which the pipeline does not declare")
                .hasMessageContaining("../dbt/models/c.sql: config().materialized: `snapshot` is not a materialization Medallion runs")
                .hasMessageContaining("../dbt/models/c.sql: config().alias: is a dbt setting Medallion does not apply")
                .hasMessageContaining("models ref each other in a cycle: b -> c -> b")
                .hasMessageContaining("../dbt/models/d.sql: reads no table")
                .hasMessageContaining("../dbt/models/schema.yml: models.e: describes model `e`, which has no .sql file")
                .hasMessageContaining("models[0].columns[0].data_type: `varchar2` is not a known type");
    }

    @Test
    void settingsComeFromTheModelItsYmlEntryAndItsPathInDbtProjectMostSpecificFirst() throws IOException {
        String project = """
                name: shop
                models:
                  +materialized: view
                  shop:
                    +materialized: table
                    marts:
                      +materialized: incremental
                      +unique_key: id
                      +tags: [marts]
                      finance:
                        materialized: view
                      project_entry:
                        +materialized: table
                """;
        String read = "select id from {{ source('silver', 'orders') }}";
        PipelineConfig config = load(project, Map.of(
                "models/top.sql", read,
                "models/marts/orders_by_id.sql", read,
                "models/marts/finance/ledger.sql", read,
                "models/marts/project_entry.sql", read,
                "models/marts/from_yml.sql", read,
                "models/marts/from_config.sql", "{{ config(materialized='table') }}\n" + read,
                "models/marts/schema.yml", """
                        models:
                          - name: from_yml
                            config: {materialized: ephemeral}
                          - name: from_config
                            config: {materialized: view}
                        """));

        Map<String, GoldModelConfig> models = byName(config);
        assertThat(models.get("top").materialization()).as("the project's, over models:'").isEqualTo(Materialization.TABLE);
        assertThat(models.get("orders_by_id").materialization()).as("its folder's").isEqualTo(Materialization.INCREMENTAL);
        assertThat(models.get("orders_by_id").uniqueKey()).as("its folder's").containsExactly("id");
        assertThat(models.get("ledger").materialization()).as("its own folder's, over its parent's").isEqualTo(Materialization.VIEW);
        assertThat(models.get("project_entry").materialization()).as("its own entry's, over its folder's").isEqualTo(Materialization.TABLE);
        assertThat(models.get("from_yml").materialization()).as("its .yml entry's, over its folder's").isEqualTo(Materialization.EPHEMERAL);
        assertThat(models.get("from_config").materialization()).as("its config(), over its .yml entry's").isEqualTo(Materialization.TABLE);
    }

    @Test
    void settingsAboveTheProjectApplyToItsModelsAndNoneMakesAView() throws IOException {
        String read = "select id from {{ source('silver', 'orders') }}";

        PipelineConfig topLevel = load("name: shop\nmodels:\n  +materialized: table\n", Map.of("models/plain.sql", read));
        PipelineConfig none = load("name: shop\n", Map.of("models/plain.sql", read));

        assertThat(topLevel.goldModels()).singleElement().extracting(GoldModelConfig::materialization).isEqualTo(Materialization.TABLE);
        assertThat(none.goldModels()).singleElement().extracting(GoldModelConfig::materialization).isEqualTo(Materialization.VIEW);
    }

    @Test
    void aDisabledModelIsNotBuiltAndFullRefreshFalseKeepsAModelThroughOne() throws IOException {
        String project = """
                name: shop
                models:
                  shop:
                    +materialized: table
                    marts:
                      finance: {+enabled: false}
                      kept: {+full_refresh: false}
                """;
        String read = "select id from {{ source('silver', 'orders') }}";
        Map<String, String> files = Map.of(
                "models/marts/finance/ledger.sql", read,
                "models/marts/kept.sql", "{{ config(materialized='incremental', unique_key='id') }}\n" + read,
                "models/marts/schema.yml", """
                        models:
                          - {name: ledger, tests: [{dbt_utils.unique_combination_of_columns: {combination_of_columns: [id]}}]}
                          - {name: kept, columns: [{name: id, tests: [{relationships: {to: "ref('ledger')", field: id}}]}]}
                        """);

        PipelineConfig config = load(project, files);

        assertThat(config.goldModels()).extracting(GoldModelConfig::name).containsExactly("kept");
        assertThat(config.goldModels().get(0).rebuiltByFullRefresh()).isFalse();
        assertThat(config.table(Layer.GOLD, "ledger")).isEmpty();
        assertThat(config.table(Layer.GOLD, "kept").orElseThrow().checks()).as("its relationships test to the disabled model is dropped")
                .isEmpty();
        assertThatThrownBy(() -> load(project, Map.of("models/marts/finance/ledger.sql", read, "models/marts/reader.sql",
                "select * from {{ ref('ledger') }}")))
                .hasMessageContaining("../dbt/models/marts/reader.sql: ref('ledger') names a model its settings disable (enabled: false)");
    }

    @Test
    void settingsMedallionDoesNotApplyAreNamedOnceWhereverTheyAreSet() throws IOException {
        String project = """
                name: shop
                models:
                  shop:
                    schema: analytics
                    marts:
                      +alias: orders
                      +materialized: snapshot
                """;
        String read = "select id from {{ source('silver', 'orders') }}";
        assertThatThrownBy(() -> load(project, Map.of(
                "models/marts/m.sql", read,
                "models/marts/n.sql", read,
                "models/marts/schema.yml", "models: [{name: m, config: {schema: other}}, {name: n, config: table}]")))
                .isInstanceOf(MedallionException.class)
                .satisfies(e -> assertThat(((MedallionException) e).kind().exitCode()).isEqualTo(2))
                .hasMessageContaining("../dbt/dbt_project.yml: models.shop.schema: is a dbt setting Medallion does not apply")
                .hasMessageContaining("../dbt/dbt_project.yml: models.shop.marts.+alias: is a dbt setting Medallion does not apply")
                .hasMessageContaining("../dbt/models/marts/schema.yml: models[0].config.schema: is a dbt setting Medallion does not apply")
                .hasMessageContaining("../dbt/models/marts/schema.yml: models[1].config: expected a mapping")
                .satisfies(e -> assertThat(e.getMessage().split("`snapshot` is not a materialization", -1)).as("reported once for its two models")
                        .hasSize(2))
                .hasMessageContaining("../dbt/dbt_project.yml: models.shop.marts.+materialized: `snapshot` is not a materialization Medallion runs");
    }

    @Test
    void hooksSchemaChangesEnforcedContractsAMistypedProjectAndAModelDescribedTwiceAreBadConfig() throws IOException {
        String project = """
                name: shop
                on-run-end: ["grant select on all tables to reporting"]
                models:
                  shpo:
                    +materialized: table
                  shop:
                    +on_schema_change: append_new_columns
                """;
        String read = "select id from {{ source('silver', 'orders') }}";
        assertThatThrownBy(() -> load(project, Map.of(
                "models/m.sql", read,
                "models/a.yml", "models: [{name: m, columns: [{name: id, tests: [not_null]}]}]",
                "models/b.yml", "models: [{name: m, config: {contract: {enforced: true}}}]")))
                .satisfies(e -> assertThat(((MedallionException) e).kind().exitCode()).isEqualTo(2))
                .hasMessageContaining("../dbt/dbt_project.yml: on-run-end: is a hook; Medallion runs no hooks")
                .hasMessageContaining("../dbt/dbt_project.yml: models.shpo: names no project: the project is `shop`")
                .hasMessageContaining("../dbt/dbt_project.yml: models.shop.+on_schema_change: is a dbt setting Medallion does not apply")
                .hasMessageContaining("../dbt/models/b.yml: models[0].config.contract: is a dbt setting Medallion does not apply")
                .hasMessageContaining("../dbt/models/b.yml: models[0].name: describes `m` again (also ../dbt/models/a.yml: models[0])");
    }

    @Test
    void aRelationshipsTestToAViewOrEphemeralModelIsBadConfig() throws IOException {
        String read = "select id from {{ source('silver', 'orders') }}";
        assertThatThrownBy(() -> load(Map.of(
                "models/lines.sql", "{{ config(materialized='ephemeral') }}\n" + read,
                "models/m.sql", read,
                "models/schema.yml", "models: [{name: m, columns: [{name: id, tests: [{relationships: {to: \"ref('lines')\", field: id}}]}]}]")))
                .satisfies(e -> assertThat(((MedallionException) e).kind().exitCode()).isEqualTo(2))
                .hasMessageContaining("../dbt/models/schema.yml: models.m: has a relationships test to `lines`, a model materialized as ephemeral");
    }

    @Test
    void dbtsDefaultSchemaChangeAndAContractNotEnforcedChangeNothingAndPass() throws IOException {
        PipelineConfig config = load("name: shop\nmodels:\n  shop:\n    +on_schema_change: ignore\n    +contract: {enforced: false}\n",
                Map.of("models/m.sql", "select id from {{ source('silver', 'orders') }}"));

        assertThat(config.goldModels()).hasSize(1);
    }

    @Test
    void aBadSettingOfAFolderWithNoModelIsStillNamed() throws IOException {
        assertThatThrownBy(() -> load("name: shop\nmodels:\n  shop:\n    empty:\n      +materialized: snapshot\n      +file_format: parquet\n",
                Map.of("models/m.sql", "select id from {{ source('silver', 'orders') }}")))
                .hasMessageContaining("../dbt/dbt_project.yml: models.shop.empty.+materialized: `snapshot` is not a materialization Medallion runs")
                .hasMessageContaining("../dbt/dbt_project.yml: models.shop.empty.+file_format: is `parquet`; gold tables are Delta tables");
    }

    @Test
    void anEmptyFolderAndABareDocsMappingAreNotSettingsToReject() throws IOException {
        String project = "name: shop\nmodels:\n  shop:\n    +materialized: table\n    +meta: {owner: data}\n    staging:\n    marts:\n      docs: {show: false}\n";

        PipelineConfig config = load(project, Map.of("models/marts/m.sql", "select id from {{ source('silver', 'orders') }}"));

        assertThat(config.goldModels()).singleElement().extracting(GoldModelConfig::materialization).isEqualTo(Materialization.TABLE);
    }

    @Test
    void fullRefreshFalseKeepsOnlyIncrementalModels() throws IOException {
        String read = "select id from {{ source('silver', 'orders') }}";
        PipelineConfig config = load("name: shop\nmodels:\n  shop:\n    +full_refresh: false\n    +materialized: table\n",
                Map.of("models/t.sql", read, "models/i.sql", "{{ config(materialized='incremental', unique_key='id') }}\n" + read));

        assertThat(byName(config).get("t").rebuiltByFullRefresh()).as("dbt reads full_refresh for incremental models only").isTrue();
        assertThat(byName(config).get("i").rebuiltByFullRefresh()).isFalse();
    }

    private static Map<String, GoldModelConfig> byName(PipelineConfig config) {
        Map<String, GoldModelConfig> models = new HashMap<>();
        config.goldModels().forEach(model -> models.put(model.name(), model));
        return models;
    }

    @Test
    void aMissingProjectIsNamed() {
        assertThatThrownBy(() -> new PipelineConfigLoader(Map.of(), List.of()).parse(PIPELINE, "conf/shop.yaml", temp))
                .isInstanceOf(MedallionException.class)
                .hasMessageContaining("../dbt/dbt_project.yml: does not exist");
    }
}
