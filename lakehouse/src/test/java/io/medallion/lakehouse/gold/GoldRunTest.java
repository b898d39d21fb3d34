package io.medallion.lakehouse.gold;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.delta.DeltaVersions;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.lakehouse.run.TableOutcome;
import io.medallion.lakehouse.system.AuditLog;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gold models run by the pipeline after silver, from a dbt project on disk. */
class GoldRunTest {
    private static final String HEADER = "id,ts,store,quantity,price\n";
    private static final String CONFIG = """
            pipeline: shop
            lakehouse: {root: "%s"}
            sources:
              sales: {location: "%s", format: csv, files: "*.csv", options: {header: "true"}}
            bronze:
              sales:
                source: sales
                columns:
                  - {name: id, type: string, required: true}
                  - {name: ts, type: timestamp, required: true, format: "yyyy-MM-dd HH:mm:ss"}
                  - {name: store, type: string, required: true}
                  - {name: quantity, type: int}
                  - {name: price, type: "decimal(8,2)"}
            silver:
              sales: {from: sales, load: append, keys: [id]}
            gold:
              dbt_project: dbt
            """;
    private static final String LINES = """
            {{ config(materialized='ephemeral') }}
            select id, to_date(ts) as day, store, cast(quantity * price as decimal(12, 2)) as amount, _ingested_at
            from {{ source('silver', 'sales') }}
            """;
    private static final String DAILY = """
            {{ config(materialized='incremental', unique_key=['day', 'store']) }}
            select day, store, sum(amount) as amount, count(*) as lines, max(_ingested_at) as last_ingested_at
            from {{ ref('lines') }}
            {% if is_incremental() %}
            where day in (select day from {{ ref('lines') }} where _ingested_at > (select max(last_ingested_at) from {{ this }}))
            {% endif %}
            group by day, store
            """;
    private static final String STORES = "select store, sum(amount) as amount, count(*) as lines from {{ ref('lines') }} group by store";
    private static final String SCHEMA = """
            models:
              - name: daily
                tests:
                  - dbt_utils.unique_combination_of_columns: {combination_of_columns: [day, store]}
                columns: [{name: day, data_type: date}, {name: store}]
              - name: stores
                columns: [{name: store, tests: [unique, not_null]}]
            """;

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    private PipelineConfig config(Map<String, String> models) throws IOException {
        return config(models, CONFIG);
    }

    private PipelineConfig config(Map<String, String> models, String pipeline) throws IOException {
        Path dbt = Files.createDirectories(temp.resolve("conf/dbt/models"));
        Files.writeString(temp.resolve("conf/dbt/dbt_project.yml"), "name: shop\nmodels:\n  shop:\n    +materialized: table\n");
        for (Map.Entry<String, String> file : models.entrySet()) {
            Files.writeString(dbt.resolve(file.getKey()), file.getValue());
        }
        Files.createDirectories(temp.resolve("landing"));
        return new PipelineConfigLoader(Map.of(), List.of()).parse(pipeline.formatted(temp.resolve("lake"), temp.resolve("landing")), "shop.yaml",
                temp.resolve("conf"));
    }

    private void land(String name, String rows) throws IOException {
        Files.writeString(temp.resolve("landing").resolve(name), HEADER + rows);
    }

    private RunResult run(PipelineConfig config) {
        return new PipelineRun(spark, config).execute(RunOptions.defaults().withIngestDate(LocalDate.of(2026, 1, 8)));
    }

    /** One model at a time: the build order alone decides what a model's tests see. */
    private RunResult run(PipelineConfig config, int parallelTables) {
        spark.conf().set("spark.medallion.run.parallelTables", String.valueOf(parallelTables));
        try {
            return run(config);
        } finally {
            spark.conf().unset("spark.medallion.run.parallelTables");
        }
    }

    private List<String> rows(PipelineConfig config, String model, String orderBy) {
        return DeltaTables.read(spark, LakehouseLayout.at(config.root()).table(Layer.GOLD, model)).drop("last_ingested_at").orderBy(orderBy)
                .collectAsList().stream().map(Row::mkString).toList();
    }

    private static GoldResult gold(RunResult result, String model) {
        return result.goldModels().stream().filter(o -> o.table().equals("gold." + model)).findFirst().flatMap(TableOutcome::result).orElseThrow();
    }

    private long version(PipelineConfig config, String model) {
        return DeltaVersions.current(spark, LakehouseLayout.at(config.root()).table(Layer.GOLD, model));
    }

    @Test
    void modelsAreBuiltFromSilverAndRebuiltOnlyWhenWhatTheyReadChanged() throws IOException {
        PipelineConfig config = config(Map.of("lines.sql", LINES, "daily.sql", DAILY, "stores.sql", STORES, "schema.yml", SCHEMA));
        land("day1.csv", "T1,2026-01-05 10:00:00,S1,2,10.00\nT2,2026-01-05 11:00:00,S2,1,5.00\nT3,2026-01-06 09:00:00,S1,1,1.00\n");

        RunResult first = run(config);

        assertThat(first.succeeded()).isTrue();
        assertThat(first.goldModels()).extracting(TableOutcome::table).containsExactly("gold.lines", "gold.daily", "gold.stores");
        assertThat(gold(first, "lines").action()).isEqualTo(GoldResult.Action.QUERY);
        assertThat(gold(first, "daily").action()).isEqualTo(GoldResult.Action.REBUILT);
        assertThat(gold(first, "daily").rowsWritten()).isEqualTo(3);
        assertThat(gold(first, "daily").quality().outcomes()).hasSize(1);
        assertThat(gold(first, "stores").quality().outcomes()).hasSize(2);
        assertThat(rows(config, "daily", "day")).containsExactly("2026-01-05S120.001", "2026-01-05S25.001", "2026-01-06S11.001");
        assertThat(rows(config, "stores", "store")).containsExactly("S121.002", "S25.001");
        assertThat(LakehouseLayout.at(config.root()).table(Layer.GOLD, "lines").path()).satisfies(path ->
                assertThat(Files.exists(Path.of(path.replaceFirst("^file:", "")))).as("an ephemeral model is not written").isFalse());
        // The run's quality report has the models' tests beside bronze's checks.
        assertThat(Files.readString(Path.of(first.qualityReport().orElseThrow().replaceFirst("^file:", ""))))
                .contains("## bronze.sales").contains("## gold.daily").contains("uniqueness_day_store").contains("## gold.stores")
                .doesNotContain("## gold.lines");
        long daily = version(config, "daily");
        long stores = version(config, "stores");

        RunResult again = run(config);

        assertThat(again.succeeded()).isTrue();
        assertThat(gold(again, "daily").action()).isEqualTo(GoldResult.Action.UP_TO_DATE);
        assertThat(gold(again, "stores").action()).isEqualTo(GoldResult.Action.UP_TO_DATE);
        assertThat(version(config, "daily")).as("a rerun commits nothing").isEqualTo(daily);
        assertThat(version(config, "stores")).isEqualTo(stores);

        land("day2.csv", "T4,2026-01-06 18:00:00,S1,3,1.00\nT5,2026-01-07 10:00:00,S2,1,2.00\n");
        RunResult next = run(config);

        assertThat(gold(next, "daily").action()).isEqualTo(GoldResult.Action.MERGED);
        assertThat(gold(next, "daily").rowsWritten()).as("the day that got a line is updated, the new day inserted, the other day left").isEqualTo(2);
        assertThat(rows(config, "daily", "day")).containsExactly("2026-01-05S120.001", "2026-01-05S25.001", "2026-01-06S14.002",
                "2026-01-07S22.001");
        assertThat(gold(next, "stores").action()).isEqualTo(GoldResult.Action.REBUILT);
        assertThat(rows(config, "stores", "store")).containsExactly("S124.003", "S27.002");

        RunResult refreshed = new PipelineRun(spark, config).execute(RunOptions.defaults().withIngestDate(LocalDate.of(2026, 1, 8)).withFullRefresh());

        assertThat(gold(refreshed, "daily").action()).isEqualTo(GoldResult.Action.REBUILT);
        assertThat(rows(config, "daily", "day")).containsExactly("2026-01-05S120.001", "2026-01-05S25.001", "2026-01-06S14.002",
                "2026-01-07S22.001");
    }

    @Test
    void aChangedEphemeralModelRebuildsTheTablesReadingItAndAnIncrementalModelMergesItsNoNewRows() throws IOException {
        PipelineConfig before = config(Map.of("lines.sql", LINES, "daily.sql", DAILY, "stores.sql", STORES, "schema.yml", SCHEMA));
        land("day1.csv", "T1,2026-01-05 10:00:00,S1,2,10.00\nT2,2026-01-05 11:00:00,S2,1,5.00\n");
        assertThat(run(before).succeeded()).isTrue();
        // The amount now takes a 10% discount: the models reading `lines` are built from another SQL than before.
        String discounted = LINES.replace("cast(quantity * price as decimal(12, 2))", "cast(quantity * price * 0.9 as decimal(12, 2))");

        PipelineConfig config = config(Map.of("lines.sql", discounted, "daily.sql", DAILY, "stores.sql", STORES, "schema.yml", SCHEMA));
        RunResult changed = run(config);

        assertThat(changed.succeeded()).as(changed.toString()).isTrue();
        assertThat(gold(changed, "stores").action()).isEqualTo(GoldResult.Action.REBUILT);
        assertThat(rows(config, "stores", "store")).containsExactly("S118.001", "S24.501");
        // As under dbt, an incremental model takes new rows only: its days are recomputed with --full-refresh.
        assertThat(gold(changed, "daily").action()).isEqualTo(GoldResult.Action.MERGED);
        assertThat(gold(changed, "daily").rowsWritten()).isZero();
    }

    @Test
    void aModelIsBuiltAfterTheModelItsRelationshipsTestChecksAgainstAndATestAddedLaterIsMeasuredWithoutNewData() throws IOException {
        // By file, a_daily comes first; its relationships test reads b_stores, so b_stores is built first.
        String relationships = """
                models:
                  - name: a_daily
                    columns: [{name: store, tests: [{relationships: {to: "ref('b_stores')", field: store}}]}]
                """;
        Map<String, String> models = Map.of("lines.sql", LINES, "a_daily.sql", "select day, store, count(*) as lines from {{ ref('lines') }} group by day, store",
                "b_stores.sql", STORES);
        Map<String, String> withRelationships = new java.util.HashMap<>(models);
        withRelationships.put("schema.yml", relationships);
        PipelineConfig config = config(withRelationships);
        land("day1.csv", "T1,2026-01-05 10:00:00,S1,2,10.00\nT2,2026-01-05 11:00:00,S2,1,5.00\n");

        RunResult first = run(config, 1);

        assertThat(first.succeeded()).as(first.toString()).isTrue();
        assertThat(first.goldModels()).extracting(TableOutcome::table).containsExactly("gold.lines", "gold.b_stores", "gold.a_daily");
        assertThat(gold(first, "a_daily").quality().outcomes()).hasSize(1);

        // A test added later, which the rows fail: measured on the next run, though no data changed.
        Map<String, String> stricter = new java.util.HashMap<>(models);
        stricter.put("schema.yml", relationships + "  - name: b_stores\n    columns: [{name: store, tests: [{accepted_values: {values: [S1]}}]}]\n");
        RunResult next = run(config(stricter), 1);

        assertThat(gold(next, "b_stores").action()).isEqualTo(GoldResult.Action.BLOCKED);
        assertThat(gold(next, "a_daily").action()).isEqualTo(GoldResult.Action.UP_TO_DATE);
    }

    @Test
    void aModelWithFullRefreshFalseIsMergedThroughAFullRefresh() throws IOException {
        String kept = DAILY.replace("unique_key=['day', 'store']", "unique_key=['day', 'store'], full_refresh=false");
        PipelineConfig config = config(Map.of("lines.sql", LINES, "daily.sql", kept, "stores.sql", STORES, "schema.yml", SCHEMA));
        land("day1.csv", "T1,2026-01-05 10:00:00,S1,2,10.00\n");
        assertThat(run(config).succeeded()).isTrue();

        RunResult refreshed = new PipelineRun(spark, config).execute(RunOptions.defaults().withIngestDate(LocalDate.of(2026, 1, 8)).withFullRefresh());

        assertThat(gold(refreshed, "daily").action()).as("dbt's full_refresh: false").isEqualTo(GoldResult.Action.MERGED);
        assertThat(gold(refreshed, "stores").action()).isEqualTo(GoldResult.Action.REBUILT);
        assertThat(rows(config, "daily", "day")).containsExactly("2026-01-05S120.001");
    }

    @Test
    void aModelWhoseTestsFailIsNotWrittenAndTheModelsReadingItAreNotBuilt() throws IOException {
        PipelineConfig config = config(Map.of("lines.sql", LINES,
                "store_lines.sql", "select store, amount from {{ ref('lines') }}",
                "top.sql", "select store, max(amount) as amount from {{ ref('store_lines') }} group by store",
                "schema.yml", "models:\n  - name: store_lines\n    columns: [{name: store, tests: [unique]}]\n"));
        land("day1.csv", "T1,2026-01-05 10:00:00,S1,2,10.00\nT2,2026-01-05 11:00:00,S1,1,5.00\n");

        RunResult result = run(config);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.tables()).allMatch(TableOutcome::succeeded);
        TableOutcome<GoldResult> blocked = result.goldModels().get(1);
        assertThat(blocked.table()).isEqualTo("gold.store_lines");
        assertThat(blocked.result().orElseThrow().action()).isEqualTo(GoldResult.Action.BLOCKED);
        assertThat(blocked.error().orElseThrow()).contains("quality checks failed, so the model was not written").contains("uniqueness_store");
        assertThat(result.goldModels().get(2).error().orElseThrow())
                .isEqualTo("not built because gold.store_lines, which it reads, failed in this run; fix that, then rerun");
        LakehouseLayout layout = LakehouseLayout.at(config.root());
        assertThat(DeltaTables.exists(spark, layout.table(Layer.GOLD, "store_lines"))).isFalse();
        assertThat(DeltaTables.exists(spark, layout.table(Layer.GOLD, "top"))).isFalse();
        assertThat(DeltaTables.read(spark, new AuditLog(spark, layout).table()).where("layer = 'gold' AND status = 'FAILED'").count()).isEqualTo(2);
    }

    @Test
    void modelsReadingASilverTableThatFailedAreNotBuiltOnItsOldRows() throws IOException {
        PipelineConfig config = config(Map.of("lines.sql", LINES, "stores.sql", STORES), CONFIG.replace("keys: [id]}",
                "keys: [id], checks: [{type: sql, id: small_orders, expression: \"quantity < 3\"}]}"));
        land("day1.csv", "T1,2026-01-05 10:00:00,S1,3,10.00\n");

        RunResult result = run(config);

        assertThat(result.silverTables().get(0).succeeded()).isFalse();
        assertThat(result.goldModels()).extracting(outcome -> outcome.error().orElse("")).containsExactly(
                "not built because silver.sales, which it reads, failed in this run; fix that, then rerun",
                "not built because gold.lines, which it reads, failed in this run; fix that, then rerun");
        assertThat(DeltaTables.exists(spark, LakehouseLayout.at(config.root()).table(Layer.GOLD, "stores"))).isFalse();
    }

    @Test
    void aModelWhoseSqlFailsIsNamedWithItsFileAndTheSqlItRan() throws IOException {
        PipelineConfig config = config(Map.of("broken.sql", "select no_such_column from {{ source('silver', 'sales') }}"));
        land("day1.csv", "T1,2026-01-05 10:00:00,S1,2,10.00\n");

        RunResult result = run(config);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.goldModels().get(0).error().orElseThrow())
                .startsWith("gold model broken (dbt/models/broken.sql) cannot run: ")
                .contains("no_such_column")
                .contains("it ran as:\nselect no_such_column from delta.`");
    }
}
