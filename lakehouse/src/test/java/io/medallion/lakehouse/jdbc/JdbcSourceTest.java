package io.medallion.lakehouse.jdbc;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.gate.CheckLevel;
import io.medallion.quality.gate.CheckOutcome;
import io.medallion.quality.gate.CheckStatus;
import io.medallion.quality.gate.GateResult;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JDBC sources end to end against a real PostgreSQL server: extract, raw, bronze, watermark. */
class JdbcSourceTest {
    private static final LocalDate DAY = LocalDate.of(2026, 1, 5);
    private static final LocalDateTime T = LocalDateTime.of(2026, 1, 5, 10, 0);

    private final SparkSession spark = SharedSpark.session();
    private final TestDatabase database = TestDatabase.fromEnvironment();

    @TempDir
    Path temp;

    private String orders;

    @BeforeEach
    void createSourceTable() throws SQLException {
        orders = TestDatabase.uniqueTable("orders");
        database.execute("CREATE TABLE " + orders + " (id bigint PRIMARY KEY, customer text NOT NULL, amount numeric(10,2), "
                + "is_deleted boolean NOT NULL DEFAULT false, updated_at timestamp NOT NULL)");
    }

    @AfterEach
    void dropSourceTable() throws SQLException {
        database.execute("DROP TABLE IF EXISTS " + orders);
    }

    private PipelineConfig config(String lake, String sourceSettings) {
        return config(lake, sourceSettings, List.of("orders"));
    }

    /** A pipeline whose bronze tables, one per name, all load the one JDBC source. */
    private PipelineConfig config(String lake, String sourceSettings, List<String> bronzeTables) {
        String yaml = """
                pipeline: shop
                lakehouse: {root: "${ROOT}"}
                sources:
                  orders:
                    format: jdbc
                    url: ${PG_URL}
                    table: %s
                    user: ${PG_USER}
                    password: ${PG_PASSWORD}
                    soft_delete: is_deleted
                %s
                bronze:
                """.formatted(orders, sourceSettings.indent(4).stripTrailing());
        String table = """
                  %s:
                    source: orders
                    keys: [id]
                    columns:
                      - {name: id, type: long, required: true}
                      - {name: customer, type: string, required: true}
                      - {name: amount, type: "decimal(10,2)", min: 0}
                      - {name: is_deleted, type: boolean, required: true}
                      - {name: updated_at, type: timestamp, required: true}
                """;
        yaml += bronzeTables.stream().map(table::formatted).collect(Collectors.joining());
        Map<String, String> environment = Map.of("ROOT", temp.resolve(lake).toString(), "PG_URL", database.url(),
                "PG_USER", database.user(), "PG_PASSWORD", database.password());
        return new PipelineConfigLoader(environment, List.of()).parse(yaml, "shop.yaml");
    }

    private static final String INCREMENTAL = "watermark: {column: updated_at, key: [id], lookback: 10m}";

    private BronzeResult run(PipelineConfig config) {
        RunResult result = new PipelineRun(spark, config, Map.of("MEDALLION_USER", "tester")).execute(RunOptions.defaults().withIngestDate(DAY));
        assertThat(result.succeeded()).as("run succeeded: %s", result.tables()).isTrue();
        return result.tables().get(0).result().orElseThrow();
    }

    private void insert(long id, String amount, boolean deleted, LocalDateTime updatedAt) throws SQLException {
        try (Connection connection = database.connect()) {
            insert(connection, id, amount, deleted, updatedAt);
        }
    }

    private void insert(Connection connection, long id, String amount, boolean deleted, LocalDateTime updatedAt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + orders + " (id, customer, amount, is_deleted, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            statement.setLong(1, id);
            statement.setString(2, "C" + id);
            statement.setBigDecimal(3, amount == null ? null : new BigDecimal(amount));
            statement.setBoolean(4, deleted);
            statement.setTimestamp(5, Timestamp.valueOf(updatedAt));
            statement.executeUpdate();
        }
    }

    /** The source table's rows as text, in (id, updated_at) order. */
    private List<String> sourceRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id, customer, amount, is_deleted, updated_at FROM " + orders + " ORDER BY id, updated_at")) {
            while (result.next()) {
                rows.add(row(result.getLong(1), result.getString(2), result.getBigDecimal(3), result.getBoolean(4), result.getTimestamp(5)));
            }
        }
        return rows;
    }

    /** Bronze's rows as text, in (id, updated_at) order, duplicates kept. */
    private List<String> bronzeRows(PipelineConfig config) {
        return DeltaTables.read(spark, LakehouseLayout.at(config.root()).table(Layer.BRONZE, "orders"))
                .select("id", "customer", "amount", "is_deleted", "updated_at").orderBy("id", "updated_at").collectAsList().stream()
                .map(r -> row(r.getLong(0), r.getString(1), r.getDecimal(2), r.getBoolean(3), r.getTimestamp(4))).toList();
    }

    private static String row(long id, String customer, BigDecimal amount, boolean deleted, Timestamp updatedAt) {
        return id + "|" + customer + "|" + (amount == null ? "null" : amount.toPlainString()) + "|" + deleted + "|" + updatedAt.toLocalDateTime();
    }

    private Optional<Watermark> watermark(PipelineConfig config) {
        return new WatermarkStore(spark, LakehouseLayout.at(config.root())).current("bronze.orders");
    }

    @Test
    void aBatchBlockedByItsQualityGateLeavesTheWatermarkSoTheNextRunExtractsItsRowsAgain() throws Exception {
        PipelineConfig config = config("lake", INCREMENTAL);
        // A real gate: counts the batch's orders above 100 with Spark and blocks the batch if there is one.
        BatchGate noLargeOrders = (rows, facts) -> {
            long large = rows.filter(col("amount").gt(100)).count();
            return new GateResult(List.of(new CheckOutcome("no_large_orders", "sql", CheckLevel.ERROR, "amount <= 100", "LargeOrders",
                    Optional.of((double) large), Long.toString(large), "0", large == 0 ? CheckStatus.PASSED : CheckStatus.FAILED, "")));
        };
        insert(1, "500.00", false, T);

        RunResult blocked = new PipelineRun(spark, config, Map.of(), table -> noLargeOrders).execute(RunOptions.defaults().withIngestDate(DAY));

        assertThat(blocked.succeeded()).isFalse();
        assertThat(blocked.tables().get(0).error().orElseThrow()).contains("no_large_orders (sql, error): LargeOrders 1, needs 0");
        assertThat(watermark(config)).isEmpty();
        assertThat(DeltaTables.exists(spark, LakehouseLayout.at(config.root()).table(Layer.BRONZE, "orders"))).isFalse();

        database.execute("UPDATE " + orders + " SET amount = 50.00, updated_at = TIMESTAMP '2026-01-05 10:30:00' WHERE id = 1");
        RunResult fixed = new PipelineRun(spark, config, Map.of(), table -> noLargeOrders).execute(RunOptions.defaults().withIngestDate(DAY));

        assertThat(fixed.succeeded()).as(fixed.tables().toString()).isTrue();
        assertThat(watermark(config)).isPresent();
        assertThat(DeltaTables.read(spark, LakehouseLayout.at(config.root()).table(Layer.BRONZE, "orders")).select("amount").collectAsList())
                .extracting(r -> r.getDecimal(0)).containsExactly(new BigDecimal("50.00"));
    }

    @Test
    void fullExtractLandsEveryRowWithItsSoftDeleteFlagAndQuarantinesRowsThatBreakARule() throws Exception {
        insert(1, "10.00", false, T);
        insert(2, "20.50", true, T.plusMinutes(1));
        insert(3, "-1.00", false, T.plusMinutes(2));
        PipelineConfig config = config("lake", "");

        BronzeResult result = run(config);

        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.rowsWritten()).isEqualTo(2);
        assertThat(result.rowsQuarantined()).isEqualTo(1);
        assertThat(result.quarantinedByRule()).containsExactly(Map.entry("orders.amount.range", 1L));
        assertThat(bronzeRows(config)).containsExactly("1|C1|10.00|false|2026-01-05T10:00", "2|C2|20.50|true|2026-01-05T10:01");
        Path manifests = temp.resolve("lake/raw/orders/_manifests/ingest_date=2026-01-05");
        try (Stream<Path> files = Files.list(manifests)) {
            String manifest = Files.readString(files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow());
            assertThat(manifest).contains("\"rows_extracted\" : 3", "\"query\" : \"SELECT * FROM " + orders + "\"")
                    .doesNotContain(database.password());
        }
        assertThat(watermark(config)).as("a source without watermark is a full snapshot each run").isEmpty();
    }

    @Test
    void incrementalExtractLoadsOnlyRowVersionsNewerThanTheWatermark() throws Exception {
        insert(1, "10.00", false, T);
        insert(2, "20.00", false, T.plusMinutes(30));
        insert(3, "30.00", false, T.plusMinutes(60));
        PipelineConfig config = config("lake", INCREMENTAL);
        assertThat(run(config).rowsWritten()).isEqualTo(3);
        assertThat(watermark(config)).contains(new Watermark(T.plusMinutes(60), List.of("3")));
        database.execute("UPDATE " + orders + " SET is_deleted = true, updated_at = TIMESTAMP '2026-01-05 11:30:00' WHERE id = 2");
        insert(4, "40.00", false, T.plusMinutes(95));

        BronzeResult second = run(config);

        assertThat(second.rowsWritten()).as("the two new versions; the look-back's re-read of row 3 is not loaded again").isEqualTo(2);
        assertThat(bronzeRows(config)).containsExactly(
                "1|C1|10.00|false|2026-01-05T10:00",
                "2|C2|20.00|false|2026-01-05T10:30",
                "2|C2|20.00|true|2026-01-05T11:30",
                "3|C3|30.00|false|2026-01-05T11:00",
                "4|C4|40.00|false|2026-01-05T11:35");
        assertThat(watermark(config)).contains(new Watermark(T.plusMinutes(95), List.of("4")));
    }

    @Test
    void maxRowsPerRunCutsThroughRowsSharingOneTimestampWithoutLosingOrDoublingAny() throws Exception {
        for (long id = 1; id <= 8; id++) {
            insert(id, id + ".00", false, T);
        }
        insert(9, "9.00", false, T.plusSeconds(1));
        PipelineConfig config = config("lake", INCREMENTAL + "\nmax_rows_per_run: 3");

        List<Long> written = new ArrayList<>();
        List<Optional<Watermark>> watermarks = new ArrayList<>();
        for (int run = 0; run < 4; run++) {
            written.add(run(config).rowsWritten());
            watermarks.add(watermark(config));
        }

        assertThat(written).as("the look-back re-reads every earlier row each run; none is loaded twice").containsExactly(3L, 3L, 3L, 0L);
        assertThat(watermarks).containsExactly(
                Optional.of(new Watermark(T, List.of("3"))),
                Optional.of(new Watermark(T, List.of("6"))),
                Optional.of(new Watermark(T.plusSeconds(1), List.of("9"))),
                Optional.of(new Watermark(T.plusSeconds(1), List.of("9"))));
        assertThat(bronzeRows(config)).containsExactlyElementsOf(sourceRows());
    }

    @Test
    void rowsALateTransactionCommitsWithAnOlderTimestampAreCaughtByTheLookBack() throws Exception {
        insert(1, "10.00", false, T);
        PipelineConfig config = config("lake", INCREMENTAL);
        try (Connection late = database.connect()) {
            late.setAutoCommit(false);
            insert(late, 2, "20.00", false, T.plusMinutes(1));  // written at 10:01, committed only after the extract below
            insert(3, "30.00", false, T.plusMinutes(5));
            assertThat(run(config).rowsWritten()).as("the open transaction's row is invisible").isEqualTo(2);
            assertThat(watermark(config)).contains(new Watermark(T.plusMinutes(5), List.of("3")));
            late.commit();
        }
        insert(4, "40.00", false, T.plusMinutes(6));

        BronzeResult second = run(config);

        assertThat(second.rowsWritten()).as("row 2, older than the watermark, and row 4").isEqualTo(2);
        assertThat(bronzeRows(config)).as("every source row once, none doubled by the re-read").containsExactlyElementsOf(sourceRows());
        assertThat(sourceRows()).hasSize(4);
    }

    @Test
    void partitionedReadGivesTheSameRowsAsAnUnpartitionedOne() throws Exception {
        for (long id = 1; id <= 40; id++) {
            insert(id, id + ".25", id % 7 == 0, T.plusMinutes(id));
        }
        PipelineConfig plain = config("plain", INCREMENTAL);
        PipelineConfig partitioned = config("partitioned", INCREMENTAL + "\npartitioning: {column: id, partitions: 4}");

        BronzeResult plainResult = run(plain);
        BronzeResult partitionedResult = run(partitioned);

        assertThat(partitionedResult.filesRead()).as("one raw file per range query").isEqualTo(4);
        assertThat(plainResult.filesRead()).isEqualTo(1);
        assertThat(bronzeRows(partitioned)).hasSize(40).containsExactlyElementsOf(bronzeRows(plain)).containsExactlyElementsOf(sourceRows());
        assertThat(watermark(partitioned)).isEqualTo(watermark(plain)).contains(new Watermark(T.plusMinutes(40), List.of("40")));
        Path manifests = temp.resolve("partitioned/raw/orders/_manifests/ingest_date=2026-01-05");
        assertThat(Files.readString(manifests.resolve(namesIn(manifests).get(0)))).as("every partition read stops at the newest row the bounds saw")
                .contains(") medallion_up_to WHERE updated_at <= TIMESTAMP '2026-01-05 10:40:00.000000'");
    }

    @Test
    void aFailedBronzeCommitKeepsTheOldWatermarkAndTheRerunLoadsEveryRowOnce() throws Exception {
        insert(1, "10.00", false, T);
        PipelineConfig config = config("lake", INCREMENTAL);
        run(config);
        String bronzePath = LakehouseLayout.at(config.root()).table(Layer.BRONZE, "orders").path();
        spark.sql("ALTER TABLE delta.`" + bronzePath + "` ADD CONSTRAINT small_amounts CHECK (amount < 1000)");
        insert(2, "20.00", false, T.plusMinutes(1));
        insert(3, "5000.00", false, T.plusMinutes(2));

        RunResult failed = new PipelineRun(spark, config, Map.of()).execute(RunOptions.defaults().withIngestDate(DAY));

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.tables().get(0).error().orElseThrow()).contains("Writing batch orders-" + failed.runId() + " to table bronze.orders failed");
        assertThat(watermark(config)).as("unchanged by the failed run").contains(new Watermark(T, List.of("1")));
        spark.sql("ALTER TABLE delta.`" + bronzePath + "` DROP CONSTRAINT small_amounts");

        BronzeResult rerun = run(config);

        assertThat(rerun.rowsWritten()).isEqualTo(2);
        assertThat(bronzeRows(config)).containsExactlyElementsOf(sourceRows());
        assertThat(watermark(config)).contains(new Watermark(T.plusMinutes(2), List.of("3")));
    }

    @Test
    void aQuarantinedRowReReadByTheLookBackIsNotQuarantinedAgain() throws Exception {
        insert(1, "10.00", false, T);
        insert(2, "-5.00", false, T.plusMinutes(55).plusNanos(123_456_000)); // breaks amount's min: 0; microseconds JSON does not keep
        PipelineConfig config = config("lake", INCREMENTAL);
        assertThat(run(config).rowsQuarantined()).isEqualTo(1);
        insert(3, "30.00", false, T.plusMinutes(60));

        BronzeResult second = run(config); // the 10-minute look-back reads row 2 again

        assertThat(second.rowsQuarantined()).isZero();
        assertThat(second.rowsWritten()).isEqualTo(1);
        assertThat(DeltaTables.read(spark, LakehouseLayout.at(config.root()).quarantine(config.table(Layer.BRONZE, "orders").orElseThrow())).count())
                .as("row 2 is quarantined once").isEqualTo(1);
    }

    @Test
    void reReadingEverythingAfterTheWatermarkIsForgottenAddsNothingToBronze() throws Exception {
        insert(1, "10.00", false, T);
        insert(2, "20.00", true, T.plusMinutes(1));
        PipelineConfig config = config("lake", INCREMENTAL);
        run(config);
        WatermarkStore store = new WatermarkStore(spark, LakehouseLayout.at(config.root()));
        store.record(new WatermarkChange("bronze.orders", "orders", Optional.empty(), watermark(config), "test", Optional.empty(),
                java.time.Instant.now(), "tester", "state reset"));

        BronzeResult again = run(config);

        assertThat(again.rowsWritten()).isZero();
        assertThat(bronzeRows(config)).containsExactlyElementsOf(sourceRows());
        assertThat(watermark(config)).contains(new Watermark(T.plusMinutes(1), List.of("2")));
        long reRead = spark.read().parquet(temp.resolve("lake/raw/orders/ingest_date=2026-01-05").toString()
                + "/extract-*/" + JdbcExtract.LOADED_BEFORE + "=true").count();
        assertThat(reRead).as("re-read rows are kept in raw, marked as loaded before").isEqualTo(2);
    }

    @Test
    void twoBronzeTablesOfOneSourceEachKeepTheirRawExtractAndManifest() throws Exception {
        insert(1, "10.00", false, T);
        insert(2, "20.00", false, T.plusMinutes(1));
        PipelineConfig config = config("lake", INCREMENTAL, List.of("orders", "orders_copy"));

        RunResult result = new PipelineRun(spark, config, Map.of()).execute(RunOptions.defaults().withIngestDate(DAY));

        assertThat(result.succeeded()).as("run succeeded: %s", result.tables()).isTrue();
        Path raw = temp.resolve("lake/raw/orders");
        assertThat(namesIn(raw.resolve("ingest_date=2026-01-05"))).hasSize(2)
                .anyMatch(name -> name.startsWith("extract-orders-")).anyMatch(name -> name.startsWith("extract-orders_copy-"));
        assertThat(namesIn(raw.resolve("_manifests/ingest_date=2026-01-05"))).hasSize(2)
                .anyMatch(name -> name.startsWith("extract-orders-")).anyMatch(name -> name.startsWith("extract-orders_copy-"));
        for (String table : List.of("orders", "orders_copy")) {
            List<String> sourceFiles = DeltaTables.read(spark, LakehouseLayout.at(config.root()).table(Layer.BRONZE, table))
                    .select("_source_file").distinct().collectAsList().stream().map(row -> row.getString(0)).toList();
            assertThat(sourceFiles).as(table).isNotEmpty().allSatisfy(file -> assertThat(Path.of(URI.create(file))).exists());
            assertThat(DeltaTables.read(spark, LakehouseLayout.at(config.root()).table(Layer.BRONZE, table)).count()).as(table).isEqualTo(2);
        }
    }

    /** The names in a folder, without the local file system's hidden .crc checksum files. */
    private static List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(entry -> entry.getFileName().toString()).filter(name -> !name.startsWith(".")).toList();
        }
    }

    @Test
    void aSavedWatermarkWithAnotherKeyCountFailsTheRunAsBadConfigBeforeAnyTableLoads() throws Exception {
        insert(1, "10.00", false, T);
        PipelineConfig config = config("lake", INCREMENTAL);
        Watermark twoKeys = new Watermark(T.minusDays(1), List.of("7", "north"));
        new WatermarkStore(spark, LakehouseLayout.at(config.root())).record(new WatermarkChange("bronze.orders", "orders", Optional.of(twoKeys),
                Optional.empty(), "earlier-run", Optional.empty(), Instant.now(), "tester", "state set"));

        assertThatThrownBy(() -> new PipelineRun(spark, config, Map.of()).execute(RunOptions.defaults().withIngestDate(DAY)))
                .isInstanceOfSatisfying(MedallionException.class, e -> assertThat(e.kind()).isEqualTo(MedallionException.Kind.BAD_CONFIG))
                .hasMessageStartingWith("The saved watermark of bronze.orders has 2 key values but sources.orders.watermark.key lists 1 columns");

        assertThat(DeltaTables.exists(spark, LakehouseLayout.at(config.root()).table(Layer.BRONZE, "orders"))).as("nothing loaded").isFalse();
        assertThat(watermark(config)).contains(twoKeys);
    }
}
