package io.medallion.lakehouse.run;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.system.IngestedFilesLedger;
import io.medallion.lakehouse.testing.TestLakehouse;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Late files, backfills and full refreshes: what is loaded again from raw, and under which date. */
class ReprocessingTest {
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
    private static final LocalDate JAN_3 = LocalDate.of(2026, 1, 3);
    private static final LocalDate JAN_5 = LocalDate.of(2026, 1, 5);

    @TempDir
    Path temp;

    private static String config(int maxQuantity) {
        return CONFIG.formatted(maxQuantity);
    }

    private static void write(Path folder, String name, String rows) throws IOException {
        Files.writeString(folder.resolve(name), "id,quantity\n" + rows);
    }

    private static RunResult succeeded(RunResult result) {
        assertThat(result.succeeded()).as(result.tables().toString()).isTrue();
        return result;
    }

    /** Rows as {@code id@ingest_date}, in id order. */
    private static List<String> rows(Dataset<Row> table) {
        return table.orderBy("id").select("id", "_ingest_date").collectAsList().stream().map(r -> r.getString(0) + "@" + r.getDate(1)).toList();
    }

    @Test
    void aFileLandsUnderTheDateItsNameCarriesHoweverLateItArrives() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp);
        Path landing = lake.landing("sales");
        write(landing, "sales_2026-01-05.csv", "B1,1\n");
        succeeded(lake.run(config(10), RunOptions.defaults().withIngestDate(JAN_5)));
        write(landing, "sales_2026-01-03.csv", "A1,1\nA2,99\n");
        write(landing, "no-date.csv", "C1,1\n");

        succeeded(lake.run(config(10), RunOptions.defaults().withIngestDate(LocalDate.of(2026, 1, 7))));

        assertThat(rows(lake.table("bronze/sales"))).containsExactly("A1@2026-01-03", "B1@2026-01-05", "C1@2026-01-07");
        assertThat(rows(lake.table("quarantine/sales"))).containsExactly("A2@2026-01-03");
        assertThat(Files.exists(temp.resolve("lake/raw/sales/ingest_date=2026-01-03/sales_2026-01-03.csv"))).isTrue();
    }

    @Test
    void anUndatedFileLoadedAgainOnALaterDayReplacesItsRowsInsteadOfDoublingThem() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp);
        write(lake.landing("sales"), "no-date.csv", "C1,1\nC2,99\n");
        succeeded(lake.run(config(10), RunOptions.defaults().withIngestDate(JAN_5)));
        // `medallion state reset`: the ledger forgets the file, so the next run, days later, loads it again.
        assertThat(new IngestedFilesLedger(SharedSpark.session(), lake.layout()).forget("bronze.sales")).isEqualTo(1);

        RunResult later = succeeded(lake.run(config(10), RunOptions.defaults().withIngestDate(LocalDate.of(2026, 1, 9))));

        assertThat(later.tables().get(0).result().orElseThrow().filesRead()).isEqualTo(1);
        assertThat(rows(lake.table("bronze/sales"))).containsExactly("C1@2026-01-05");
        assertThat(rows(lake.table("quarantine/sales"))).containsExactly("C2@2026-01-05");
        assertThat(Files.exists(temp.resolve("lake/raw/sales/ingest_date=2026-01-09"))).as("landed under its first date").isFalse();
        assertThat(new IngestedFilesLedger(SharedSpark.session(), lake.layout()).count("bronze.sales")).isEqualTo(1);
    }

    @Test
    void aFullRefreshAfterAStateResetKeepsTheFilesTheLandingFolderNoLongerHolds() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp);
        write(lake.landing("sales"), "sales_2026-01-03.csv", "A1,1\n");
        succeeded(lake.run(config(10), RunOptions.defaults()));
        Files.delete(lake.landing("sales").resolve("sales_2026-01-03.csv")); // the landing folder is emptied after ingestion
        write(lake.landing("sales"), "sales_2026-01-05.csv", "B1,1\n");
        IngestedFilesLedger ledger = new IngestedFilesLedger(SharedSpark.session(), lake.layout());
        assertThat(ledger.forget("bronze.sales")).isEqualTo(1);
        assertThat(ledger.count("bronze.sales")).isZero();

        succeeded(lake.run(config(10), RunOptions.defaults().withFullRefresh()));

        assertThat(rows(lake.table("bronze/sales"))).containsExactly("A1@2026-01-03", "B1@2026-01-05");
        assertThat(ledger.count("bronze.sales")).isEqualTo(1);
    }

    @Test
    void aRebuildFromRawLeavesOutTheCopyOfABlockedBatchAndLoadsItsFixedVersion() throws IOException {
        String gated = config(100) + "    checks: [{type: size, max: 2}]\n";
        TestLakehouse lake = new TestLakehouse(temp);
        Path file = lake.landing("sales").resolve("sales_2026-01-05.csv");
        write(lake.landing("sales"), "sales_2026-01-05.csv", "B1,1\nB1,1\nB2,2\n"); // a duplicated row: 3 rows, the gate allows 2
        assertThat(lake.run(gated, RunOptions.defaults()).succeeded()).isFalse();
        write(lake.landing("sales"), "sales_2026-01-05.csv", "B1,1\nB2,2\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_800_000_000_000L));

        // The fixed file lands in this run, beside the blocked copy; the rebuild loads it and not the blocked copy.
        succeeded(lake.run(gated, RunOptions.defaults().withFullRefresh()));
        assertThat(rows(lake.table("bronze/sales"))).containsExactly("B1@2026-01-05", "B2@2026-01-05");

        RunResult backfill = succeeded(lake.run(gated, RunOptions.defaults().withBackfill(JAN_5, JAN_5)));
        assertThat(backfill.tables().get(0).result().orElseThrow().filesRead()).isEqualTo(1);
        assertThat(rows(lake.table("bronze/sales"))).containsExactly("B1@2026-01-05", "B2@2026-01-05");
        assertThat(Files.exists(temp.resolve("lake/raw/sales/ingest_date=2026-01-05/sales_2026-01-05.csv"))).as("raw keeps the blocked copy").isTrue();
    }

    @Test
    void aChangedFileIsLoadedAgainAsANewVersionAndReported() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp);
        Path file = lake.landing("sales").resolve("sales_2026-01-05.csv");
        write(lake.landing("sales"), "sales_2026-01-05.csv", "B1,1\n");
        succeeded(lake.run(config(10), RunOptions.defaults()));
        write(lake.landing("sales"), "sales_2026-01-05.csv", "B1,1\nB2,2\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_800_000_000_000L));

        RunResult second = succeeded(lake.run(config(10), RunOptions.defaults()));

        List<String> changed = second.tables().get(0).result().orElseThrow().changedFiles();
        assertThat(changed).singleElement().asString().endsWith("sales_2026-01-05.csv -> sales_2026-01-05.csv.v1800000000000");
        assertThat(Files.exists(temp.resolve("lake/raw/sales/ingest_date=2026-01-05/sales_2026-01-05.csv.v1800000000000"))).isTrue();
        // Bronze records what arrived: the first version's row and the second version's two rows.
        assertThat(rows(lake.table("bronze/sales"))).containsExactly("B1@2026-01-05", "B1@2026-01-05", "B2@2026-01-05");
    }

    @Test
    void eachTableOfASharedSourceSkipsOnlyTheFilesItCommittedItself() throws IOException {
        // Two tables of one source: the ledger's one read for the stage must keep each table's files apart.
        String twoTables = config(10) + """
                  returns:
                    source: sales
                    columns:
                      - {name: id, type: string, required: true}
                """;
        TestLakehouse lake = new TestLakehouse(temp);
        Path landing = lake.landing("sales");
        write(landing, "sales_2026-01-03.csv", "A1,1\n");
        succeeded(lake.run(twoTables, RunOptions.defaults().withTables(Set.of("sales"))));
        write(landing, "sales_2026-01-05.csv", "B1,1\n");

        RunResult both = succeeded(lake.run(twoTables, RunOptions.defaults()));

        Map<String, Long> filesRead = both.tables().stream()
                .collect(Collectors.toMap(TableOutcome::table, outcome -> outcome.result().orElseThrow().filesRead()));
        assertThat(filesRead).containsExactlyInAnyOrderEntriesOf(Map.of("bronze.sales", 1L, "bronze.returns", 2L));
        assertThat(rows(lake.table("bronze/sales"))).containsExactly("A1@2026-01-03", "B1@2026-01-05");
        assertThat(lake.table("bronze/returns").orderBy("id").collectAsList().stream().map(row -> row.getString(0)).toList())
                .containsExactly("A1", "B1");
    }

    @Test
    void aSourceThatCannotBeListedFailsOnlyItsOwnTable() throws IOException {
        String withUnreachableSource = config(10).replace("sources:\n", "sources:\n  remote: {location: \"nosuch://bucket/remote\", format: csv}\n") + """
                  remote_rows:
                    source: remote
                    columns:
                      - {name: id, type: string, required: true}
                """;
        TestLakehouse lake = new TestLakehouse(temp);
        write(lake.landing("sales"), "sales_2026-01-05.csv", "B1,1\n");

        RunResult result = lake.run(withUnreachableSource, RunOptions.defaults());

        Map<String, Optional<String>> errors = result.tables().stream().collect(Collectors.toMap(TableOutcome::table, TableOutcome::error));
        assertThat(errors.get("bronze.sales")).isEmpty();
        assertThat(errors.get("bronze.remote_rows")).get().asString().contains("nosuch://bucket/remote");
        assertThat(rows(lake.table("bronze/sales"))).containsExactly("B1@2026-01-05");
    }

    @Test
    void aLedgerThatCannotBeReadFailsEachFileTableInsteadOfTheRun() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp);
        write(lake.landing("sales"), "sales_2026-01-05.csv", "B1,1\n");
        succeeded(lake.run(config(10), RunOptions.defaults()));
        write(lake.landing("sales"), "sales_2026-01-06.csv", "C1,1\n");
        Path log = temp.resolve("lake/_system/ingested_files/_delta_log");
        try (var commits = Files.list(log)) {
            for (Path commit : commits.filter(file -> file.getFileName().toString().endsWith(".json")).toList()) {
                Files.writeString(commit, "not a Delta commit\n");
            }
        }

        RunResult result = lake.run(config(10), RunOptions.defaults());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.tables()).singleElement().satisfies(outcome -> {
            assertThat(outcome.table()).isEqualTo("bronze.sales");
            assertThat(outcome.error()).isPresent();
        });
        assertThat(rows(lake.table("bronze/sales"))).as("nothing loaded without knowing what was").containsExactly("B1@2026-01-05");
    }

    @Test
    void aBackfillLoadsRawsFilesOfItsDatesAgainWithTodaysRulesAndTouchesNothingElse() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp);
        Path landing = lake.landing("sales");
        write(landing, "sales_2026-01-03.csv", "A1,1\nA2,7\n");
        write(landing, "sales_2026-01-05.csv", "B1,1\nB2,7\n");
        succeeded(lake.run(config(10), RunOptions.defaults()));
        List<Row> jan5Before = lake.table("bronze/sales").filter(col("_ingest_date").equalTo(JAN_5.toString())).orderBy("id").collectAsList();
        write(landing, "sales_2026-01-04.csv", "N1,1\n"); // new, not raw's yet: a backfill does not land it

        // The maximum quantity drops from 10 to 5: the backfill moves A2 to quarantine, B2 stays as it was.
        RunResult backfill = succeeded(lake.run(config(5), RunOptions.defaults().withBackfill(JAN_3, JAN_3)));

        assertThat(backfill.tables().get(0).result().orElseThrow().filesRead()).isEqualTo(1);
        assertThat(rows(lake.table("bronze/sales"))).containsExactly("A1@2026-01-03", "B1@2026-01-05", "B2@2026-01-05");
        assertThat(rows(lake.table("quarantine/sales"))).containsExactly("A2@2026-01-03");
        assertThat(lake.table("bronze/sales").filter(col("_ingest_date").equalTo(JAN_5.toString())).orderBy("id").collectAsList())
                .isEqualTo(jan5Before);
    }

    @Test
    void aFullRefreshRebuildsTablesExactlyAsAFreshLakehouseWouldFromTheSameRaw() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp.resolve("a"));
        TestLakehouse fresh = new TestLakehouse(temp.resolve("b"));
        for (TestLakehouse each : List.of(lake, fresh)) {
            write(each.landing("sales"), "sales_2026-01-03.csv", "A1,1\nA2,7\n");
            write(each.landing("sales"), "sales_2026-01-05.csv", "B1,1\nB2,7\nB3,x\n");
        }
        succeeded(lake.run(config(10), RunOptions.defaults()));

        succeeded(lake.run(config(5), RunOptions.defaults().withFullRefresh()));
        succeeded(fresh.run(config(5), RunOptions.defaults()));

        for (String table : List.of("bronze/sales", "quarantine/sales")) {
            assertThat(contents(lake.table(table))).as(table).isEqualTo(contents(fresh.table(table))).isNotEmpty();
        }
        assertThat(rows(lake.table("quarantine/sales"))).containsExactly("A2@2026-01-03", "B2@2026-01-05", "B3@2026-01-05");
    }

    /** A table's rows without the columns that differ between runs and lakehouses (ids, times, paths). */
    private static List<String> contents(Dataset<Row> table) {
        String[] kept = java.util.Arrays.stream(table.columns())
                .filter(c -> !List.of("_source_file", "_batch_id", "_run_id", "_ingested_at", "_raw_record").contains(c)).toArray(String[]::new);
        return table.selectExpr(kept).orderBy("id").collectAsList().stream().map(Row::toString).toList();
    }
}
