package io.medallion.lakehouse.run;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.gate.BatchFacts;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.gate.CheckOutcome;
import io.medallion.quality.gate.CheckStatus;
import io.medallion.quality.gate.GateResult;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quality gates in a run: a failed error-level check keeps the whole batch out, and every outcome is recorded and reported. */
class QualityGateRunTest {
    private static final LocalDate DAY = LocalDate.of(2026, 1, 5);
    private static final LocalDate NEXT_DAY = DAY.plusDays(1);
    private static final String HEADER = "id,quantity\n";
    private static final String CONFIG = """
            pipeline: shop
            lakehouse: {root: "${ROOT}"}
            sources:
              sales: {location: "${LANDING}/sales", format: csv, files: "*.csv"}
              customers: {location: "${LANDING}/customers", format: csv, files: "*.csv"}
            bronze:
              sales:
                source: sales
                partition_by: [_ingest_date]
                columns:
                  - {name: id, type: string, required: true}
                  - {name: quantity, type: int, min: 1}
              customers:
                source: customers
                partition_by: [_ingest_date]
                columns:
                  - {name: id, type: string, required: true}
                  - {name: quantity, type: int, min: 1}
            """;

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    private PipelineConfig config;
    private LakehouseLayout layout;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(temp.resolve("landing/sales"));
        Files.createDirectories(temp.resolve("landing/customers"));
        config = new PipelineConfigLoader(Map.of("ROOT", temp.resolve("lake").toString(), "LANDING", temp.resolve("landing").toString()), List.of())
                .parse(CONFIG, "shop.yaml");
        layout = LakehouseLayout.at(config.root());
    }

    /**
     * A real gate: counts the batch's duplicated ids with Spark ({@code count - countDistinct}) and
     * fails above {@code allowed}. It remembers what it saw, so tests can check it got the batch's rows.
     */
    private static final class DuplicateIdGate implements BatchGate {
        private final long allowed;
        private final CheckLevel level;
        final List<Seen> seen = new ArrayList<>();

        DuplicateIdGate(long allowed, CheckLevel level) {
            this.allowed = allowed;
            this.level = level;
        }

        record Seen(BatchFacts facts, long rows, List<Row> batchIdsAndDates, List<String> columns) {}

        @Override
        public GateResult evaluate(Dataset<Row> batchRows, BatchFacts facts) {
            long rows = batchRows.count();
            long duplicates = rows - batchRows.select("id").distinct().count();
            seen.add(new Seen(facts, rows, batchRows.select("_batch_id", "_ingest_date").distinct().collectAsList(), List.of(batchRows.columns())));
            CheckStatus status = duplicates <= allowed ? CheckStatus.PASSED : CheckStatus.FAILED;
            return new GateResult(List.of(new CheckOutcome("no_duplicate_id", "uniqueness", level, "id", "DuplicateRows",
                    Optional.of((double) duplicates), Long.toString(duplicates), "<= " + allowed, status, "")));
        }
    }

    private RunResult run(LocalDate day, Function<TableConfig, BatchGate> gates) {
        return new PipelineRun(spark, config, Map.of(), gates).execute(RunOptions.defaults().withIngestDate(day));
    }

    private void write(String source, String name, String text) throws IOException {
        Path file = temp.resolve("landing").resolve(source).resolve(name);
        boolean existed = Files.exists(file);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        if (existed) { // a fixed file must look changed to the ledger
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        }
    }

    private TableRef bronze(String table) {
        return layout.table(Layer.BRONZE, table);
    }

    private TableRef quarantine(String table) {
        return layout.quarantine(config.table(Layer.BRONZE, table).orElseThrow());
    }

    private List<String> ids(String table) {
        return DeltaTables.read(spark, bronze(table)).orderBy("id").select("id").collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    private Dataset<Row> system(String name) {
        return DeltaTables.read(spark, TableRef.atPath(layout.system(name)));
    }

    private long dataFiles(String folder) throws IOException {
        Path path = temp.resolve("lake").resolve(folder);
        if (!Files.exists(path)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(f -> f.toString().endsWith(".parquet")).count();
        }
    }

    @Test
    void aBlockedBatchCommitsNothingAndARerunAfterTheFixLoadsTheSameFile() throws IOException {
        write("sales", "day1.csv", HEADER + "T1,2\nT1,3\nT2,0\n");
        DuplicateIdGate gate = new DuplicateIdGate(0, CheckLevel.ERROR);

        RunResult blocked = run(DAY, table -> gate);

        assertThat(blocked.succeeded()).isFalse();
        TableOutcome<BronzeResult> sales = blocked.tables().get(0);
        String expected = "quality checks failed, so batch sales-" + blocked.runId() + " was not committed: "
                + "no_duplicate_id (uniqueness, error): DuplicateRows 1, needs <= 0. Fix the source data (or the table's checks: in the config), "
                + "then rerun: the same files are loaded again";
        assertThat(sales.error()).contains(expected);
        assertThat(DeltaTables.exists(spark, bronze("sales"))).as("bronze").isFalse();
        assertThat(DeltaTables.exists(spark, quarantine("sales"))).as("quarantine, though T2 fails a rule").isFalse();
        assertThat(dataFiles("bronze/sales")).as("written files of the blocked batch are deleted").isZero();
        assertThat(DeltaTables.exists(spark, TableRef.atPath(layout.system("ingested_files")))).as("ledger").isFalse();
        Row audit = system("audit").filter(col("table_name").equalTo("sales")).select("status", "message", "quality_score").head();
        assertThat(audit.getString(0)).isEqualTo("FAILED");
        assertThat(audit.getString(1)).isEqualTo(expected);
        assertThat(audit.getDouble(2)).isEqualTo(0.0);

        write("sales", "day1.csv", HEADER + "T1,2\nT3,3\nT2,0\n");
        RunResult rerun = run(DAY, table -> gate);

        assertThat(rerun.succeeded()).as(rerun.tables().toString()).isTrue();
        assertThat(ids("sales")).containsExactly("T1", "T3");
        assertThat(DeltaTables.read(spark, quarantine("sales")).select("id").collectAsList()).extracting(r -> r.getString(0)).containsExactly("T2");
        assertThat(system("ingested_files").count()).isEqualTo(1);
        Row passed = system("audit").filter(col("run_id").equalTo(rerun.runId()).and(col("table_name").equalTo("sales")))
                .select("status", "quality_score").head();
        assertThat(passed.getString(0)).isEqualTo("SUCCEEDED");
        assertThat(passed.getDouble(1)).isEqualTo(1.0);
    }

    @Test
    void aPassingBatchCommitsOnceWithTheTablesPartitioningAndEachLaterBatchReplacesOnlyItsFiles() throws IOException {
        write("sales", "day1.csv", HEADER + "T1,2\nT2,0\n");
        DuplicateIdGate gate = new DuplicateIdGate(0, CheckLevel.ERROR);

        assertThat(run(DAY, table -> gate).succeeded()).isTrue();
        write("sales", "day2.csv", HEADER + "T3,1\n");
        assertThat(run(NEXT_DAY, table -> gate).succeeded()).isTrue();

        assertThat(ids("sales")).containsExactly("T1", "T3");
        assertThat(DeltaTables.read(spark, quarantine("sales")).count()).isEqualTo(1);
        List<Row> history = DeltaTable.forPath(spark, bronze("sales").path()).history()
                .orderBy("version").select("version", "operation", "operationMetrics").collectAsList();
        assertThat(history).extracting(r -> r.getLong(0)).as("one commit per batch").containsExactly(0L, 1L);
        assertThat(history).extracting(r -> r.getString(1)).containsExactly("WRITE", "WRITE");
        assertThat(history).extracting(r -> r.<String, String>getJavaMap(2).get("numOutputRows")).containsExactly("1", "1");
        Row detail = DeltaTable.forPath(spark, bronze("sales").path()).detail().select("partitionColumns").head();
        assertThat(detail.getList(0)).containsExactly("_ingest_date");
    }

    @Test
    void theGateSeesExactlyTheRowsOfItsBatchAsTheyWillBeCommitted() throws IOException {
        write("sales", "day1.csv", HEADER + "T1,2\nT2,3\nT3,4\n");
        DuplicateIdGate gate = new DuplicateIdGate(0, CheckLevel.ERROR);
        run(DAY, table -> gate);
        write("sales", "day2.csv", HEADER + "T4,1\nT5,0\nT6,2\n");

        RunResult second = run(NEXT_DAY, table -> gate);

        DuplicateIdGate.Seen seen = gate.seen.get(1);
        assertThat(seen.rows()).as("valid rows of day2.csv only, not the table's").isEqualTo(2);
        assertThat(seen.batchIdsAndDates()).containsExactly(RowFactory.create("sales-" + second.runId(), Date.valueOf(NEXT_DAY)));
        assertThat(seen.columns()).containsExactly(DeltaTables.read(spark, bronze("sales")).columns());
        assertThat(seen.facts()).isEqualTo(new BatchFacts("bronze.sales", "bronze", second.runId(), "sales-" + second.runId(), NEXT_DAY,
                seen.facts().batchTime(), OptionalLong.of(3)));
    }

    @Test
    void aBlockedTableFailsTheRunWhileTheOtherTableLoads() throws IOException {
        write("sales", "day1.csv", HEADER + "T1,2\nT1,3\n");
        write("customers", "day1.csv", HEADER + "C1,1\nC2,1\n");
        DuplicateIdGate gate = new DuplicateIdGate(0, CheckLevel.ERROR);

        RunResult result = run(DAY, table -> gate);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.tables()).extracting(TableOutcome::table, TableOutcome::succeeded)
                .containsExactly(tuple("bronze.sales", false), tuple("bronze.customers", true));
        assertThat(DeltaTables.exists(spark, bronze("sales"))).isFalse();
        assertThat(ids("customers")).containsExactly("C1", "C2");
        List<Row> results = system("quality_results").orderBy("table")
                .select("table", "check_id", "level", "value", "measured", "threshold", "status", "committed").collectAsList();
        assertThat(results).containsExactly(
                RowFactory.create("bronze.customers", "no_duplicate_id", "error", 0.0, "0", "<= 0", "PASSED", true),
                RowFactory.create("bronze.sales", "no_duplicate_id", "error", 1.0, "1", "<= 0", "FAILED", false));
        assertThat(system("audit").count()).isEqualTo(2);
        for (String recordsOfTheLayer : List.of("quality_results", "audit")) {
            assertThat(DeltaTables.forTable(spark, TableRef.atPath(layout.system(recordsOfTheLayer))).history().count())
                    .as("%s: both tables' rows in one commit", recordsOfTheLayer).isEqualTo(1);
        }
    }

    @Test
    void warningsCommitTheBatchAndAreRecorded() throws IOException {
        write("sales", "day1.csv", HEADER + "T1,2\nT1,3\n");

        RunResult result = run(DAY, table -> new DuplicateIdGate(0, CheckLevel.WARNING));

        assertThat(result.succeeded()).isTrue();
        assertThat(ids("sales")).containsExactly("T1", "T1");
        // The run's other table, customers, has no files: its audit row says SKIPPED.
        Row audit = system("audit").filter(col("table_name").equalTo("sales")).select("status", "message", "quality_score").head();
        assertThat(audit.getString(0)).isEqualTo("SUCCEEDED");
        assertThat(audit.getString(1)).isEqualTo("quality warning: no_duplicate_id (uniqueness, warning): DuplicateRows 1, needs <= 0");
        assertThat(audit.getDouble(2)).isEqualTo(0.0);
        assertThat(system("quality_results").filter(col("table").equalTo("bronze.sales")).select("status", "committed").collectAsList())
                .containsExactly(RowFactory.create("FAILED", true));
    }

    @Test
    void theRunsQualityReportNamesEveryCheckInJsonAndMarkdown() throws IOException {
        write("sales", "day1.csv", HEADER + "T1,2\nT1,3\n");
        write("customers", "day1.csv", HEADER + "C1,1\n");

        RunResult result = run(DAY, table -> table.name().equals("sales") ? new DuplicateIdGate(0, CheckLevel.ERROR) : BatchGate.NONE);

        Path folder = temp.resolve("lake/_system/reports").resolve(result.runId());
        assertThat(result.qualityReport()).contains(LakehouseLayout.qualify(folder.resolve("quality.md").toString()));
        String markdown = Files.readString(folder.resolve("quality.md"));
        assertThat(markdown).contains("## bronze.sales\n\nScore: 0.000. NOT committed: quality checks failed")
                .contains("| no_duplicate_id | error | DuplicateRows | 1 | <= 0 | **FAILED** |")
                .contains("## bronze.customers\n\nScore: none (no checks). Committed.");
        String json = Files.readString(folder.resolve("quality.json"));
        JsonNode tree = new ObjectMapper().readTree(json);
        assertThat(tree.get("run_id").asText()).isEqualTo(result.runId());
        assertThat(tree.at("/tables/0/table").asText()).isEqualTo("bronze.sales");
        assertThat(tree.at("/tables/0/committed").asBoolean()).isFalse();
        assertThat(tree.at("/tables/0/score").asDouble()).isEqualTo(0.0);
        assertThat(tree.at("/tables/0/checks/0/check_id").asText()).isEqualTo("no_duplicate_id");
        assertThat(tree.at("/tables/0/checks/0/value").asDouble()).isEqualTo(1.0);
        assertThat(tree.at("/tables/0/checks/0/status").asText()).isEqualTo("FAILED");
        assertThat(tree.at("/tables/1/score").isNull()).isTrue();
        assertThat(tree.at("/tables/1/committed").asBoolean()).isTrue();
    }

    @Test
    void aGateThatCannotRunFailsItsTableWithoutCommittingAnything() throws IOException {
        write("sales", "day1.csv", HEADER + "T1,2\n");

        BatchGate broken = (rows, facts) -> {
            rows.select("no_such_column").count();
            return GateResult.NO_CHECKS;
        };

        RunResult result = run(DAY, table -> broken);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.tables().get(0).error().orElseThrow())
                .startsWith("The quality checks of table bronze.sales could not be evaluated on batch sales-" + result.runId() + ": ")
                .contains("no_such_column")
                .endsWith("Nothing of this batch was committed; fix the cause (or the table's checks: in the config), then rerun.");
        assertThat(DeltaTables.exists(spark, bronze("sales"))).isFalse();
        assertThat(dataFiles("bronze/sales")).isZero();
    }
}
