package io.medallion.lakehouse.quarantine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.bronze.MetadataColumns;
import io.medallion.lakehouse.bronze.QuarantineRevalidation;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.lakehouse.testing.TestLakehouse;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link QuarantineSummary} and {@link QuarantineReplay} on a lakehouse built by {@code PipelineRun}
 * from two small CSV batches (and an empty file, quarantined whole), with the maximum quantity
 * loosened from 5 to 10 before replaying.
 */
class QuarantineReplayTest {
    private static final String CONFIG = """
            pipeline: shop
            lakehouse: {root: "${ROOT}"}
            sources:
              sales: {location: "${LANDING}/sales", format: csv, files: "*.csv", file_date: yyyy-MM-dd}
            bronze:
              sales:
                source: sales
                partition_by: [_ingest_date]
                columns:
                  - {name: id, type: string, required: true}
                  - {name: quantity, type: int, min: 1, max: %d}
            """;

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    private TestLakehouse lake;
    private String firstBatch;
    private String secondBatch;

    @BeforeEach
    void loadTwoBatches() throws IOException {
        lake = new TestLakehouse(temp);
        Path landing = lake.landing("sales");
        Files.writeString(landing.resolve("sales_2026-01-03.csv"), "id,quantity\nA1,1\nA2,7\nA3,x\nA4,12\nA5,7\n");
        Files.writeString(landing.resolve("sales_2026-01-04.csv"), "");
        firstBatch = succeeded(lake.run(config(5), RunOptions.defaults())).tables().get(0).result().orElseThrow().batchId();
        Files.writeString(landing.resolve("sales_2026-01-05.csv"), "id,quantity\nB1,1\nB2,8\nB3,\n");
        secondBatch = succeeded(lake.run(config(5), RunOptions.defaults())).tables().get(0).result().orElseThrow().batchId();
    }

    private static String config(int maxQuantity) {
        return CONFIG.formatted(maxQuantity);
    }

    private static RunResult succeeded(RunResult result) {
        assertThat(result.succeeded()).as(result.tables().toString()).isTrue();
        return result;
    }

    private TableConfig sales(PipelineConfig config) {
        return config.table(Layer.BRONZE, "sales").orElseThrow();
    }

    private ReplayResult replay(int maxQuantity, ReplaySelection selection) {
        PipelineConfig config = lake.config(config(maxQuantity));
        return new QuarantineReplay(spark, config).execute(sales(config), selection);
    }

    /** Bronze rows as {@code id,quantity@ingest_date from file, batch}, in id order. */
    private List<String> bronze() {
        return lake.table("bronze/sales").orderBy("id").collectAsList().stream()
                .map(r -> r.getAs("id") + "," + r.getAs("quantity") + "@" + r.getAs("_ingest_date") + " from "
                        + fileName(r.getAs("_source_file")) + ", " + r.getAs("_batch_id")).toList();
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Quarantine row ids (the file name for a rejected file) with their replay batch, in id order. */
    private List<String> quarantineMarks() {
        return lake.table("quarantine/sales").orderBy("id", "_source_file").collectAsList().stream()
                .map(r -> (r.getAs("id") == null ? fileName(r.getAs("_source_file")) : r.getAs("id")) + ":"
                        + (r.getAs(QuarantineReplay.REPLAYED_AT) == null ? "waiting" : "replayed in " + r.getAs(QuarantineReplay.REPLAY_BATCH_ID)))
                .toList();
    }

    @Test
    void theSummaryCountsEqualADirectCountOfTheQuarantineTable() {
        PipelineConfig config = lake.config(config(5));

        QuarantineSummary.Counts counts = new QuarantineSummary(spark, config).execute(sales(config));

        Map<String, Long> direct = new TreeMap<>();
        lake.table("quarantine/sales").select(explode(col("_failed_rules")).as("rule"), col("_batch_id")).groupBy("rule", "_batch_id").count()
                .collectAsList().forEach(r -> direct.put(r.getString(0) + " " + r.getString(1), r.getLong(2)));
        Map<String, Long> summarized = new TreeMap<>();
        counts.byRuleAndBatch().forEach(c -> summarized.put(c.ruleId() + " " + c.batchId(), c.stillQuarantined() + c.replayed()));
        assertThat(summarized).isEqualTo(direct).isEqualTo(Map.of(
                "sales.quantity.range " + firstBatch, 3L,
                "sales.quantity.type " + firstBatch, 1L,
                "sales._file.file_empty " + firstBatch, 1L,
                "sales.quantity.range " + secondBatch, 1L));
        assertThat(counts.rowsQuarantined()).isEqualTo(5);
        assertThat(counts.rowsReplayed()).isZero();
        assertThat(counts.filesRejected()).isEqualTo(1);
        assertThat(counts.entries()).isEqualTo(lake.table("quarantine/sales").count());
    }

    @Test
    void aReplayAfterLooseningARuleMovesExactlyTheRowsThatNowPassOnce() {
        ReplayResult first = replay(10, ReplaySelection.all());

        String replayBatch = first.replayBatchId();
        assertThat(replayBatch).startsWith("sales-");
        assertThat(first.rowsChecked()).isEqualTo(5);
        assertThat(first.rowsReplayed()).isEqualTo(3);
        assertThat(first.rowsStillFailing()).isEqualTo(2);
        assertThat(first.filesSkipped()).isEqualTo(1);
        assertThat(first.stillFailingByRule()).isEqualTo(Map.of("sales.quantity.range", 1L, "sales.quantity.type", 1L));
        assertThat(bronze()).containsExactly(
                "A1,1@2026-01-03 from sales_2026-01-03.csv, " + firstBatch,
                "A2,7@2026-01-03 from sales_2026-01-03.csv, " + replayBatch,
                "A5,7@2026-01-03 from sales_2026-01-03.csv, " + replayBatch,
                "B1,1@2026-01-05 from sales_2026-01-05.csv, " + secondBatch,
                "B2,8@2026-01-05 from sales_2026-01-05.csv, " + replayBatch,
                "B3,null@2026-01-05 from sales_2026-01-05.csv, " + secondBatch);
        // Row for row, the replayed bronze rows are the quarantined rows marked with the replay's batch.
        Dataset<Row> marked = lake.table("quarantine/sales").filter(col(QuarantineReplay.REPLAY_BATCH_ID).equalTo(replayBatch))
                .select(col("id"), col("quantity").cast("int"), col("_source_file"), col("_ingest_date"));
        Dataset<Row> replayed = lake.table("bronze/sales").filter(col("_batch_id").equalTo(replayBatch))
                .select("id", "quantity", "_source_file", "_ingest_date");
        assertThat(replayed.orderBy("id").collectAsList()).isEqualTo(marked.orderBy("id").collectAsList());
        assertThat(quarantineMarks()).containsExactly("sales_2026-01-04.csv:waiting", "A2:replayed in " + replayBatch, "A3:waiting",
                "A4:waiting", "A5:replayed in " + replayBatch, "B2:replayed in " + replayBatch);

        ReplayResult second = replay(10, ReplaySelection.all());

        assertThat(second.rowsReplayed()).isZero();
        assertThat(second.rowsChecked()).isEqualTo(2);
        assertThat(lake.table("bronze/sales").count()).isEqualTo(6);
        List<String> audit = DeltaTables.read(spark, TableRef.atPath(lake.layout().system("audit")))
                .filter(col("step").equalTo("quarantine_replay")).orderBy("started_at")
                .select("table_name", "rows_read", "rows_written", "rows_quarantined", "files_quarantined", "message").collectAsList().stream()
                .map(Row::toString).toList();
        assertThat(audit).containsExactly(
                "[sales,5,3,2,1,replayed 3 of 5 quarantined rows (every rule and batch) checked with the current rules; 2 still fail and stay "
                        + "in quarantine; 1 rejected files skipped: reload them with `medallion run --from/--to` after fixing the config]",
                "[sales,2,0,2,1,replayed 0 of 2 quarantined rows (every rule and batch) checked with the current rules; 2 still fail and stay "
                        + "in quarantine; 1 rejected files skipped: reload them with `medallion run --from/--to` after fixing the config]");
        PipelineConfig config = lake.config(config(10));
        QuarantineSummary.Counts counts = new QuarantineSummary(spark, config).execute(sales(config));
        assertThat(counts.rowsReplayed()).isEqualTo(3);
        assertThat(counts.rowsQuarantined()).isEqualTo(2);
        assertThat(counts.byRuleAndBatch()).contains(new QuarantineSummary.RuleBatchCount("sales.quantity.range", firstBatch, 1, 2));
    }

    @Test
    void ruleAndBatchSelectOnlyTheirRows() {
        ReplayResult typeOnly = replay(10, new ReplaySelection(Optional.of("quantity.type"), Optional.empty()));
        assertThat(typeOnly.rowsChecked()).isEqualTo(1);
        assertThat(typeOnly.rowsReplayed()).isZero();
        assertThat(typeOnly.filesSkipped()).isZero();

        ReplayResult secondBatchOnly = replay(10, new ReplaySelection(Optional.empty(), Optional.of(secondBatch)));
        assertThat(secondBatchOnly.rowsChecked()).isEqualTo(1);
        assertThat(secondBatchOnly.rowsReplayed()).isEqualTo(1);
        assertThat(lake.table("bronze/sales").filter(col("_batch_id").equalTo(secondBatchOnly.replayBatchId())).select("id").as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("B2");

        ReplayResult rangeOfFirstBatch = replay(10, new ReplaySelection(Optional.of("sales.quantity.range"), Optional.of(firstBatch)));
        assertThat(rangeOfFirstBatch.rowsChecked()).isEqualTo(3);
        assertThat(rangeOfFirstBatch.rowsReplayed()).isEqualTo(2);
        assertThat(quarantineMarks()).containsExactly("sales_2026-01-04.csv:waiting", "A2:replayed in " + rangeOfFirstBatch.replayBatchId(),
                "A3:waiting", "A4:waiting", "A5:replayed in " + rangeOfFirstBatch.replayBatchId(),
                "B2:replayed in " + secondBatchOnly.replayBatchId());
    }

    @Test
    void aColumnDeclaredAfterTheRowsWereQuarantinedIsNullInTheReplayedRows() {
        PipelineConfig config = lake.config(config(10) + "      - {name: channel, type: string, allowed: [web, store]}\n");

        ReplayResult result = new QuarantineReplay(spark, config).execute(sales(config), ReplaySelection.all());

        assertThat(result.rowsReplayed()).isEqualTo(3);
        assertThat(lake.table("bronze/sales").filter(col("_batch_id").equalTo(result.replayBatchId())).orderBy("id")
                .select("id", "quantity", "channel").collectAsList()).extracting(Row::toString)
                .containsExactly("[A2,7,null]", "[A5,7,null]", "[B2,8,null]");
    }

    @Test
    void aReplayInterruptedAfterMarkingIsUndoneAndOneInterruptedAfterItsBronzeCommitIsFinished() {
        TableConfig table = sales(lake.config(config(10)));
        TableRef quarantine = lake.layout().quarantine(table);
        replay(5, ReplaySelection.all()); // moves nothing, adds the replay columns
        // Replay "sales-lost" stopped after commit 1 (A2 marked); replay "sales-half" after commit 2 (A5 marked and in bronze).
        DeltaTables.forTable(spark, quarantine).update(col("id").equalTo("A2"), Map.of(QuarantineReplay.REPLAY_BATCH_ID, lit("sales-lost")));
        DeltaTables.forTable(spark, quarantine).update(col("id").equalTo("A5"), Map.of(QuarantineReplay.REPLAY_BATCH_ID, lit("sales-half")));
        QuarantineRevalidation revalidation = QuarantineRevalidation.of(table);
        Dataset<Row> halfDone = revalidation.asBronzeRows(revalidation.validate(lake.table("quarantine/sales").filter(col("id").equalTo("A5"))),
                "sales-half", "half", Timestamp.valueOf("2026-01-06 00:00:00"));
        DeltaTables.append(halfDone, lake.layout().table(table), table.partitionBy());

        ReplayResult result = replay(10, ReplaySelection.all());

        assertThat(result.interruptedFinished()).isEqualTo(1);
        assertThat(result.interruptedReleased()).isEqualTo(1);
        assertThat(result.rowsReplayed()).isEqualTo(2); // A2 again, and B2
        assertThat(bronze()).filteredOn(row -> row.startsWith("A2") || row.startsWith("A5")).containsExactly(
                "A2,7@2026-01-03 from sales_2026-01-03.csv, " + result.replayBatchId(),
                "A5,7@2026-01-03 from sales_2026-01-03.csv, sales-half");
        assertThat(quarantineMarks()).contains("A2:replayed in " + result.replayBatchId(), "A5:replayed in sales-half");
        assertThat(LocalDate.parse(lake.table("bronze/sales").filter(col("id").equalTo("A2")).head().getAs("_ingest_date").toString()))
                .isEqualTo(LocalDate.of(2026, 1, 3));
        assertThat(lake.table("quarantine/sales").filter(col(MetadataColumns.BATCH_ID).equalTo(firstBatch)).count()).isEqualTo(5);
    }
}
