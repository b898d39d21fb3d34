package io.medallion.lakehouse.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.config.SilverTableConfig.ChangeFeed;
import io.medallion.lakehouse.config.SilverTableConfig.PointInTimeLookup;
import io.medallion.lakehouse.config.SilverTableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.lakehouse.run.TableOutcome;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.suite.CheckConfig;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silver loads through the pipeline run, from CSV files to SCD2 and append tables: incremental
 * reads of bronze's change feed, late and re-delivered events, key-only soft deletes, quarantined
 * events, point-in-time lookups, a rerun with nothing new, and a full refresh that gives the same
 * tables.
 */
class SilverLoadTest {
    private static final String CONFIG = """
            pipeline: shop
            lakehouse: {root: "${ROOT}"}
            sources:
              customers: {location: "${LANDING}/customers", format: csv, files: "*.csv"}
              customer_changes: {location: "${LANDING}/customer_changes", format: csv, files: "*.csv"}
              orders: {location: "${LANDING}/orders", format: csv, files: "*.csv"}
            bronze:
              customers:
                source: customers
                columns:
                  - {name: customer_id, type: string, required: true}
                  - {name: name, type: string}
                  - {name: city, type: string}
                  - {name: updated_at, type: timestamp, required: true, format: "yyyy-MM-dd HH:mm:ss"}
              customer_changes:
                source: customer_changes
                columns:
                  - {name: change_id, type: string, required: true}
                  - {name: customer_id, type: string}
                  - {name: op, type: string}
                  - {name: name, type: string}
                  - {name: city, type: string}
                  - {name: updated_at, type: timestamp, required: true, format: "yyyy-MM-dd HH:mm:ss"}
              orders:
                source: orders
                columns:
                  - {name: order_id, type: string, required: true}
                  - {name: customer_id, type: string, required: true}
                  - {name: order_ts, type: timestamp, required: true, format: "yyyy-MM-dd HH:mm:ss"}
                  - {name: amount, type: "decimal(8,2)"}
            """;
    private static final SilverTableConfig DIM_CUSTOMER = new SilverTableConfig("dim_customer", Optional.empty(),
            List.of("customers", "customer_changes"), LoadType.SCD2, List.of("customer_id"), Optional.of("updated_at"), List.of("city"),
            Optional.of(new ChangeFeed("op", ChangeFeed.COMMON_OPERATIONS, DeleteMode.SOFT)), NullUpdates.OVERWRITE, NullKeys.QUARANTINE,
            List.of("name", "city"), List.of(), List.of(), Optional.empty(), List.of());
    private static final SilverTableConfig FACT_ORDERS = new SilverTableConfig("fact_orders", Optional.empty(), List.of("orders"),
            LoadType.APPEND, List.of("order_id"), Optional.empty(), List.of(), Optional.empty(), NullUpdates.OVERWRITE, NullKeys.QUARANTINE,
            List.of("customer_id", "order_ts", "amount"),
            List.of(new PointInTimeLookup("dim_customer", List.of("customer_id"), "order_ts", "customer_valid_from")),
            List.of(), Optional.empty(), List.of());

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    private Path landing;
    private PipelineConfig config;
    private LakehouseLayout layout;

    @BeforeEach
    void setUp() {
        landing = temp.resolve("landing");
        config = configAt(temp.resolve("lake"));
        layout = LakehouseLayout.at(config.root());
    }

    @AfterEach
    void mergeOrRebuildAsByDefault() {
        spark.conf().unset(RebuildOrMerge.RATIO_KEY);
    }

    private PipelineConfig configAt(Path root) {
        return configAt(root, CONFIG);
    }

    private PipelineConfig configAt(Path root, String yaml) {
        PipelineConfig bronzeOnly = new PipelineConfigLoader(Map.of("ROOT", root.toString(), "LANDING", landing.toString()), List.of())
                .parse(yaml, "shop.yaml");
        return new PipelineConfig(bronzeOnly.name(), bronzeOnly.file(), bronzeOnly.root(), bronzeOnly.sources(), bronzeOnly.tables(),
                List.of(FACT_ORDERS, DIM_CUSTOMER), List.of(), List.of());
    }

    @Test
    void loadsIncrementallyStitchesLateChangesAndRebuildsToTheSameTables() throws IOException {
        // Every batch merged, however small its history: this test follows the merge's late and re-delivered events.
        spark.conf().set(RebuildOrMerge.RATIO_KEY, "0");
        write("customers", "day1.csv", "customer_id,name,city,updated_at\n"
                + "C1,Ann,Paris,2026-01-01 00:00:00\n"
                + "C2,Bob,Rome,2026-01-01 00:00:00\n");
        write("orders", "day1.csv", "order_id,customer_id,order_ts,amount\n"
                + "O1,C1,2026-01-02 10:00:00,10.00\n"
                + "O1,C1,2026-01-02 10:00:00,10.00\n"
                + "O2,C2,2025-12-31 10:00:00,20.00\n");
        RunResult first = run(RunOptions.defaults());
        assertThat(first.succeeded()).as(first.toString()).isTrue();
        assertThat(silver("dim_customer")).containsExactly(
                "C1|Ann|Paris|2026-01-01 00:00:00.0|2026-01-01 00:00:00.0|null|true|1",
                "C2|Bob|Rome|2026-01-01 00:00:00.0|2026-01-01 00:00:00.0|null|true|1");
        assertThat(silver("fact_orders")).containsExactly(
                "O1|C1|2026-01-02 10:00:00.0|10.00|2026-01-01 00:00:00.0|" + arrival("fact_orders", "O1"),
                "O2|C2|2025-12-31 10:00:00.0|20.00|null|" + arrival("fact_orders", "O2"));
        assertThat(result(first, "silver.fact_orders").unmatchedLookups()).containsEntry("customer_valid_from", 1L);
        assertThat(result(first, "silver.fact_orders").merge().duplicateEvents()).isEqualTo(1);

        write("customer_changes", "day2.csv", "change_id,customer_id,op,name,city,updated_at\n"
                + "K1,C1,U,Ann,Lyon,2026-01-05 00:00:00\n"
                + "K2,C2,D,,,2026-01-06 00:00:00\n"
                + "K3,C1,U,Anna,Lyon,2026-01-07 00:00:00\n"
                + "K4,,U,Nobody,Oslo,2026-01-07 00:00:00\n"
                + "K5,C1,X,Ann,Oslo,2026-01-07 00:00:00\n");
        write("orders", "day2.csv", "order_id,customer_id,order_ts,amount\nO3,C1,2026-01-06 09:00:00,30.00\n");
        RunResult second = run(RunOptions.defaults());
        assertThat(second.succeeded()).as(second.toString()).isTrue();
        SilverResult dimSecond = result(second, "silver.dim_customer");
        assertThat(dimSecond.rowsQuarantined()).isEqualTo(2);
        assertThat(dimSecond.rebuilt()).isFalse();
        assertThat(DeltaTables.read(spark, layout.silverQuarantine("dim_customer"))
                .selectExpr("get_json_object(" + SilverEvents.RAW_RECORD + ", '$.change_id')", "concat_ws(',', " + SilverEvents.FAILED_RULES + ")")
                .collectAsList().stream().map(row -> row.getString(0) + ":" + row.getString(1)).sorted().toList())
                .containsExactly("K4:null_key", "K5:unknown_operation");

        write("customer_changes", "day3.csv", "change_id,customer_id,op,name,city,updated_at\n"
                + "K6,C1,U,Ann,Nice,2026-01-03 00:00:00\n"
                + "K2,C2,D,,,2026-01-06 00:00:00\n");
        write("orders", "day3.csv", "order_id,customer_id,order_ts,amount\nO4,C1,2026-01-04 09:00:00,40.00\n");
        RunResult third = run(RunOptions.defaults());
        assertThat(third.succeeded()).as(third.toString()).isTrue();
        SilverResult dimThird = result(third, "silver.dim_customer");
        // K6 is older than C1's held changes, so C1 is recomputed from its history; K2 is a re-delivery, no news.
        assertThat(dimThird.merge().lateEvents()).isEqualTo(1);
        assertThat(dimThird.merge().keysRecomputed()).isEqualTo(1);
        assertThat(dimThird.merge().duplicateEvents()).isEqualTo(1);
        List<String> expectedDim = List.of(
                "C1|Ann|Paris|2026-01-01 00:00:00.0|2026-01-01 00:00:00.0|2026-01-03 00:00:00.0|false|1",
                "C1|Ann|Nice|2026-01-03 00:00:00.0|2026-01-03 00:00:00.0|2026-01-05 00:00:00.0|false|2",
                "C1|Anna|Lyon|2026-01-07 00:00:00.0|2026-01-05 00:00:00.0|null|true|3",
                "C2|Bob|Rome|2026-01-01 00:00:00.0|2026-01-01 00:00:00.0|2026-01-06 00:00:00.0|false|1",
                "C2|Bob|Rome|2026-01-06 00:00:00.0|2026-01-06 00:00:00.0|null|true|2|deleted");
        assertThat(silverWithDeleted("dim_customer")).containsExactlyInAnyOrderElementsOf(expectedDim);
        // O3 was looked up on day 2, before the late change split C1's first version; O4 after it.
        assertThat(silver("fact_orders")).filteredOn(row -> row.startsWith("O3") || row.startsWith("O4")).containsExactly(
                "O3|C1|2026-01-06 09:00:00.0|30.00|2026-01-05 00:00:00.0|" + arrival("fact_orders", "O3"),
                "O4|C1|2026-01-04 09:00:00.0|40.00|2026-01-03 00:00:00.0|" + arrival("fact_orders", "O4"));

        long versionBefore = DeltaTables.forTable(spark, new SilverLoad(spark, config, layout).target(DIM_CUSTOMER)).history(1)
                .select("version").head().getLong(0);
        RunResult rerun = run(RunOptions.defaults());
        assertThat(result(rerun, "silver.dim_customer").nothingNew()).isTrue();
        assertThat(DeltaTables.forTable(spark, new SilverLoad(spark, config, layout).target(DIM_CUSTOMER)).history(1)
                .select("version").head().getLong(0)).isEqualTo(versionBefore);

        List<String> factsBefore = silver("fact_orders");
        RunResult refresh = run(RunOptions.defaults().withFullRefresh());
        assertThat(refresh.succeeded()).as(refresh.toString()).isTrue();
        assertThat(result(refresh, "silver.dim_customer").rebuilt()).isTrue();
        assertThat(silverWithDeleted("dim_customer")).containsExactlyInAnyOrderElementsOf(expectedDim);
        assertThat(result(refresh, "silver.dim_customer").rowsQuarantined()).isEqualTo(2);
        assertThat(DeltaTables.read(spark, layout.silverQuarantine("dim_customer")).count()).as("rebuilt from all of bronze, not added again")
                .isEqualTo(2);
        assertThat(silver("fact_orders")).hasSameSizeAs(factsBefore);
    }

    @Test
    void aBatchAsLargeAsItsHistoryIsTakenInByARebuildThatReportsWhatChangedAsTheMergeWould() throws IOException {
        write("customers", "day1.csv", "customer_id,name,city,updated_at\n"
                + "C1,Ann,Paris,2026-01-01 00:00:00\n"
                + "C2,Bob,Rome,2026-01-01 00:00:00\n");
        write("orders", "day1.csv", "order_id,customer_id,order_ts,amount\nO1,C1,2026-01-02 10:00:00,10.00\n");
        PipelineConfig merged = configAt(temp.resolve("merged-lake"));
        assertThat(run(RunOptions.defaults()).succeeded()).isTrue();
        assertThat(run(merged, RunOptions.defaults()).succeeded()).isTrue();
        // The day's snapshot: C1 re-delivered as it was, C2 moved, C3 new.
        write("customers", "day2.csv", "customer_id,name,city,updated_at\n"
                + "C1,Ann,Paris,2026-01-01 00:00:00\n"
                + "C2,Bob,Milan,2026-01-02 00:00:00\n"
                + "C3,Cy,Oslo,2026-01-02 00:00:00\n");
        write("orders", "day2.csv", "order_id,customer_id,order_ts,amount\nO2,C2,2026-01-03 10:00:00,20.00\nO3,C3,2026-01-03 10:00:00,30.00\n");
        spark.conf().set(RebuildOrMerge.RATIO_KEY, "0");
        SilverResult byMerge = result(run(merged, RunOptions.defaults()), "silver.dim_customer");
        spark.conf().unset(RebuildOrMerge.RATIO_KEY);

        RunResult second = run(RunOptions.defaults());
        SilverResult byRebuild = result(second, "silver.dim_customer");
        assertThat(byRebuild.rebuilt()).as("a batch adding as many bytes as bronze held before is rebuilt").isTrue();
        assertThat(byMerge.rebuilt()).isFalse();
        // As large a share, but a rebuild would look every order up again, where a merge keeps each order's version as looked up.
        assertThat(result(second, "silver.fact_orders").rebuilt()).as("a table with lookups is merged").isFalse();
        assertThat(result(second, "silver.fact_orders").merge().rowsInserted()).isEqualTo(2);
        // 3 events, 1 of them (C1) given before; C2's version closed (an update), C2's and C3's new versions inserted.
        assertThat(byRebuild.merge()).isEqualTo(new MergeResult(3, 1, 0, 0, 2, 1, 0)).isEqualTo(byMerge.merge());
        List<String> expected = List.of(
                "C1|Ann|Paris|2026-01-01 00:00:00.0|2026-01-01 00:00:00.0|null|true|1",
                "C2|Bob|Milan|2026-01-02 00:00:00.0|2026-01-02 00:00:00.0|null|true|2",
                "C2|Bob|Rome|2026-01-01 00:00:00.0|2026-01-01 00:00:00.0|2026-01-02 00:00:00.0|false|1",
                "C3|Cy|Oslo|2026-01-02 00:00:00.0|2026-01-02 00:00:00.0|null|true|1");
        assertThat(silver("dim_customer")).containsExactlyElementsOf(expected);
        assertThat(rows(LakehouseLayout.at(merged.root()), "dim_customer")).containsExactlyElementsOf(expected);
        assertThat(SilverMessages.audit(byRebuild)).contains("rebuilt from all of bronze", "scd2: 2 inserted, 1 updated, 0 deleted", "1 duplicate events");

        long version = DeltaTables.forTable(spark, new SilverLoad(spark, config, layout).target(DIM_CUSTOMER)).history(1).select("version").head().getLong(0);
        write("customers", "day3.csv", "customer_id,name,city,updated_at\nC3,Cy,Oslo,2026-01-02 00:00:00\n");
        SilverResult nothingChanged = result(run(RunOptions.defaults()), "silver.dim_customer");
        assertThat(nothingChanged.rebuilt()).isTrue();
        assertThat(nothingChanged.merge()).isEqualTo(new MergeResult(1, 1, 0, 0, 0, 0, 0));
        assertThat(DeltaTables.forTable(spark, new SilverLoad(spark, config, layout).target(DIM_CUSTOMER)).history(1).select("version").head()
                .getLong(0)).as("a rebuild that changes nothing makes no commit").isEqualTo(version);
    }

    @Test
    void aBatchLeftToTheMergeBecauseTheTableHasAColumnTheSpecNoLongerNamesIsReportedAsMerged() throws IOException {
        write("customers", "day1.csv", "customer_id,name,city,updated_at\nC1,Ann,Paris,2026-01-01 00:00:00\n");
        assertThat(run(RunOptions.defaults()).succeeded()).isTrue();
        write("customers", "day2.csv", "customer_id,name,city,updated_at\nC1,Ann,Lyon,2026-01-02 00:00:00\nC2,Bob,Rome,2026-01-02 00:00:00\n");
        SilverTableConfig withoutName = new SilverTableConfig(DIM_CUSTOMER.name(), DIM_CUSTOMER.description(), DIM_CUSTOMER.from(),
                DIM_CUSTOMER.load(), DIM_CUSTOMER.keys(), DIM_CUSTOMER.sequence(), DIM_CUSTOMER.tracked(), DIM_CUSTOMER.changes(),
                DIM_CUSTOMER.nulls(), DIM_CUSTOMER.nullKeys(), List.of("city"), List.of(), List.of(), Optional.empty(), List.of());
        PipelineConfig narrower = new PipelineConfig(config.name(), config.file(), config.root(), config.sources(), config.tables(),
                List.of(withoutName), List.of(), List.of());

        // The batch is as large as the table's history, so a rebuild is chosen; an overwrite would lose the names.
        SilverResult second = result(run(narrower, RunOptions.defaults()), "silver.dim_customer");

        assertThat(second.rebuilt()).as("the merge took the batch in").isFalse();
        assertThat(SilverMessages.audit(second)).contains("merged bronze");
        assertThat(second.merge().rowsInserted()).isEqualTo(2);
        assertThat(silver("dim_customer")).as("the name held before is kept").contains(
                "C1|Ann|Paris|2026-01-01 00:00:00.0|2026-01-01 00:00:00.0|2026-01-02 00:00:00.0|false|1");
    }

    @Test
    void aBatchKeptOutByItsChecksQuarantinesItsRowsOnlyWhenARunTakesItIn() throws IOException {
        write("customers", "day1.csv", "customer_id,name,city,updated_at\nC1,Ann,Paris,2026-01-01 00:00:00\n");
        assertThat(run(RunOptions.defaults()).succeeded()).isTrue();
        write("customer_changes", "day2.csv", "change_id,customer_id,op,name,city,updated_at\n"
                + "K1,C1,U,Ann,Oslo,2026-01-05 00:00:00\n"
                + "K2,,U,Nobody,Oslo,2026-01-05 00:00:00\n");
        SilverTableConfig checked = new SilverTableConfig(DIM_CUSTOMER.name(), DIM_CUSTOMER.description(), DIM_CUSTOMER.from(),
                DIM_CUSTOMER.load(), DIM_CUSTOMER.keys(), DIM_CUSTOMER.sequence(), DIM_CUSTOMER.tracked(), DIM_CUSTOMER.changes(),
                DIM_CUSTOMER.nulls(), DIM_CUSTOMER.nullKeys(), DIM_CUSTOMER.columns(), List.of(), List.of(), Optional.empty(),
                List.of(new CheckConfig.AllowedValues("allowed_values_city", CheckLevel.ERROR, Optional.empty(), "city", List.of("Paris", "Rome"), 1.0)));
        PipelineConfig strict = new PipelineConfig(config.name(), config.file(), config.root(), config.sources(), config.tables(),
                List.of(checked), List.of(), List.of());

        for (int attempt = 0; attempt < 2; attempt++) {
            RunResult blocked = run(strict, RunOptions.defaults());
            assertThat(blocked.succeeded()).isFalse();
            assertThat(result(blocked, "silver.dim_customer").rowsQuarantined()).isZero();
        }
        RunResult taken = run(RunOptions.defaults());

        assertThat(taken.succeeded()).as(taken.toString()).isTrue();
        assertThat(result(taken, "silver.dim_customer").rowsQuarantined()).isEqualTo(1);
        assertThat(DeltaTables.read(spark, layout.silverQuarantine("dim_customer")).count()).as("once, not once per attempt").isEqualTo(1);
        assertThat(silver("dim_customer")).contains("C1|Ann|Oslo|2026-01-05 00:00:00.0|2026-01-05 00:00:00.0|null|true|2");
    }

    @Test
    void afterABackfillReplacedBronzesRowsTheTableIsRebuiltFromAllOfBronzeAsAFullRefreshWouldBe() throws IOException {
        write("customers", "day1.csv", "customer_id,name,city,updated_at\nC1,Ann,Paris,2026-01-01 00:00:00\nC2,,Rome,2026-01-01 00:00:00\n");
        write("customers", "day2.csv", "customer_id,name,city,updated_at\nC3,Cy,Oslo,2026-01-02 00:00:00\n");
        assertThat(run(RunOptions.defaults()).succeeded()).isTrue();
        assertThat(silver("dim_customer")).hasSize(3);

        // A rule added later (a customer has a name), and the day backfilled: bronze replaces the day's rows and
        // quarantines C2's. Its change feed's inserts show C1 and C3 again, not that C2's row is gone.
        PipelineConfig strict = configAt(temp.resolve("lake"), CONFIG.replace("{name: name, type: string}", "{name: name, type: string, required: true}"));
        LocalDate day = LocalDate.of(2026, 1, 8);
        RunResult backfill = run(strict, RunOptions.defaults().withBackfill(day, day));

        assertThat(backfill.succeeded()).as(backfill.toString()).isTrue();
        assertThat(result(backfill, "silver.dim_customer").rebuilt()).isTrue();
        List<String> expected = List.of("C1|Ann|Paris|2026-01-01 00:00:00.0|2026-01-01 00:00:00.0|null|true|1",
                "C3|Cy|Oslo|2026-01-02 00:00:00.0|2026-01-02 00:00:00.0|null|true|1");
        assertThat(silver("dim_customer")).containsExactlyElementsOf(expected);
        assertThat(run(strict, RunOptions.defaults().withFullRefresh()).succeeded()).isTrue();
        assertThat(silver("dim_customer")).containsExactlyElementsOf(expected);
    }

    private RunResult run(RunOptions options) {
        return run(config, options);
    }

    private RunResult run(PipelineConfig pipeline, RunOptions options) {
        return new PipelineRun(spark, pipeline, Map.of()).execute(options.withIngestDate(LocalDate.of(2026, 1, 8)));
    }

    private static SilverResult result(RunResult run, String table) {
        return run.silverTables().stream().filter(o -> o.table().equals(table)).findFirst().flatMap(TableOutcome::result).orElseThrow();
    }

    private void write(String source, String name, String text) throws IOException {
        Path folder = Files.createDirectories(landing.resolve(source));
        Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** A silver table's rows as `a|b|c` text, sorted; SCD2 tables without is_deleted. */
    private List<String> silver(String table) {
        return rows(layout, table);
    }

    private List<String> rows(LakehouseLayout lakehouse, String table) {
        return DeltaTables.read(spark, lakehouse.table(Layer.SILVER, table)).drop(EventColumns.IS_DELETED).collectAsList().stream()
                .map(SilverLoadTest::text).sorted().toList();
    }

    private List<String> silverWithDeleted(String table) {
        return DeltaTables.read(spark, layout.table(Layer.SILVER, table)).collectAsList().stream()
                .map(row -> {
                    String deleted = Boolean.TRUE.equals(row.getAs(EventColumns.IS_DELETED)) ? "|deleted" : "";
                    return text(row.getAs(EventColumns.IS_DELETED) == null ? row : dropLast(row)) + deleted;
                })
                .sorted().toList();
    }

    private String arrival(String table, String orderId) {
        return String.valueOf(DeltaTables.read(spark, layout.table(Layer.SILVER, table)).where("order_id = '" + orderId + "'")
                .select(SilverEvents.ARRIVAL).head().get(0));
    }

    private static Row dropLast(Row row) {
        Object[] values = new Object[row.length() - 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i);
        }
        return org.apache.spark.sql.RowFactory.create(values);
    }

    private static String text(Row row) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < row.length(); i++) {
            text.append(i == 0 ? "" : "|").append(row.get(i));
        }
        return text.toString();
    }
}
