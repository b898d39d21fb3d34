package io.medallion.lakehouse.run;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.bronze.BronzeIngest;
import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.raw.LandedFile;
import io.medallion.lakehouse.raw.RawLanding;
import io.medallion.lakehouse.system.BatchContext;
import io.medallion.quality.gate.BatchGate;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunTest {
    private static final LocalDate DAY = LocalDate.of(2026, 1, 5);
    private static final String HEADER = "id,ts,quantity,price,channel\n";
    private static final String CONFIG = """
            pipeline: shop
            lakehouse: {root: "${ROOT}"}
            sources:
              sales: {location: "${LANDING}", format: csv, files: "*.csv"}
            bronze:
              sales:
                source: sales
                partition_by: [_ingest_date]
                columns:
                  - {name: id, type: string, required: true, pattern: "T[0-9]{3}"}
                  - {name: ts, type: timestamp, required: true, format: "yyyy-MM-dd HH:mm:ss"}
                  - {name: quantity, type: int, min: 1, max: 100}
                  - {name: price, type: "decimal(8,2)", min: 0}
                  - {name: channel, type: string, allowed: [web, store]}
            """;

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    private Path landing;
    private PipelineConfig config;
    private LakehouseLayout layout;

    @BeforeEach
    void setUp() throws IOException {
        landing = Files.createDirectories(temp.resolve("landing"));
        config = new PipelineConfigLoader(Map.of("ROOT", temp.resolve("lake").toString(), "LANDING", landing.toString()), List.of())
                .parse(CONFIG, "shop.yaml");
        layout = LakehouseLayout.at(config.root());
    }

    private RunResult run() {
        return new PipelineRun(spark, config).execute(RunOptions.defaults().withIngestDate(DAY));
    }

    private Dataset<Row> bronze() {
        return DeltaTables.read(spark, layout.table(Layer.BRONZE, "sales"));
    }

    private Dataset<Row> quarantine() {
        return DeltaTables.read(spark, layout.quarantine(config.table(Layer.BRONZE, "sales").orElseThrow()));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(landing.resolve(name), text, StandardCharsets.UTF_8);
    }

    private void writeMixedBatch() throws IOException {
        write("day1.csv", HEADER
                + "T001,2026-01-05 10:00:00,2,9.99,web\n"
                + "T002,2026-01-05 10:05:00,1,0.50,store\n"
                + "T003,2026-01-05 11:00:00,,12.00,\n"
                + "T004,2026-01-05 11:30:00,two,1.00,web\n"
                + "T005,2026/01/05,0,-1,fax\n"
                + "T006,2026-01-05 12:00:00,3,1.00,web,surplus\n"
                + ",2026-01-05 12:00:00,3,1.00,web\n"
                + ",,,,\n"
                + "\n"
                + ",,,,\n");
        write("empty.csv", "");
        write("renamed.csv", "id,when,quantity,price,channel\nT100,2026-01-05 10:00:00,1,1.00,web\n");
        Files.write(landing.resolve("binary.csv"), new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2});
    }

    @Test
    void everyRowEndsInBronzeOrQuarantineAndUnreadableFilesAreQuarantinedWhole() throws IOException {
        writeMixedBatch();

        RunResult result = run();

        assertThat(result.succeeded()).isTrue();
        BronzeResult sales = result.tables().get(0).result().orElseThrow();
        assertThat(sales.filesRead()).isEqualTo(4);
        assertThat(sales.rowsRead()).isEqualTo(7);
        assertThat(sales.rowsWritten()).isEqualTo(3);
        assertThat(sales.rowsQuarantined()).isEqualTo(4);
        assertThat(sales.rowsRead()).isEqualTo(sales.rowsWritten() + sales.rowsQuarantined());
        assertThat(sales.sourceRecords()).isEqualTo(7);
        assertThat(sales.blankRecords()).as("blank and empty-field rows are counted, not quarantined").isEqualTo(3);
        assertThat(sales.rejectedFiles()).extracting(r -> r.rule()).containsExactlyInAnyOrder("file_empty", "file_not_text", "header_mismatch");
        assertThat(sales.quarantinedByRule()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "sales.id.required", 1L,
                "sales.quantity.type", 1L,
                "sales.quantity.range", 1L,
                "sales.ts.type", 1L,
                "sales.price.range", 1L,
                "sales.channel.allowed_values", 1L,
                "sales._record.malformed_record", 1L,
                "sales._file.file_empty", 1L,
                "sales._file.file_not_text", 1L,
                "sales._file.header_mismatch", 1L));

        List<Row> rows = bronze().orderBy("id").collectAsList();
        assertThat(rows).extracting(r -> r.getString(r.fieldIndex("id"))).containsExactly("T001", "T002", "T003");
        Row first = rows.get(0);
        assertThat(first.<Integer>getAs("quantity")).isEqualTo(2);
        assertThat(first.<BigDecimal>getAs("price")).isEqualByComparingTo("9.99");
        assertThat(first.getTimestamp(first.fieldIndex("ts")).toLocalDateTime()).isEqualTo(java.time.LocalDateTime.of(2026, 1, 5, 10, 0));
        assertThat(first.<String>getAs("_source_file")).isEqualTo("file:" + layout.rawFolder("sales").substring(5) + "/ingest_date=2026-01-05/day1.csv");
        assertThat(first.<String>getAs("_batch_id")).isEqualTo(sales.batchId());
        assertThat(first.getDate(first.fieldIndex("_ingest_date")).toLocalDate()).isEqualTo(DAY);
        assertThat(rows.get(2).<Integer>getAs("quantity")).as("optional value left empty").isNull();

        Row badRow = quarantine().filter(col("id").equalTo("T005")).collectAsList().get(0);
        assertThat(badRow.<String>getAs("quantity")).isEqualTo("0");
        assertThat(badRow.getList(badRow.fieldIndex("_failed_rules"))).containsExactly(
                "sales.ts.type", "sales.quantity.range", "sales.price.range", "sales.channel.allowed_values");
        assertThat(badRow.<String>getAs("_raw_record"))
                .isEqualTo("{\"id\":\"T005\",\"ts\":\"2026/01/05\",\"quantity\":\"0\",\"price\":\"-1\",\"channel\":\"fax\"}");
        Row malformed = quarantine().filter(col("id").equalTo("T006")).collectAsList().get(0);
        assertThat(malformed.<String>getAs("_raw_record")).isEqualTo("T006,2026-01-05 12:00:00,3,1.00,web,surplus");
        Row emptyFile = quarantine().filter(col("_source_file").endsWith("/empty.csv")).collectAsList().get(0);
        assertThat(emptyFile.getList(emptyFile.fieldIndex("_failed_rules"))).containsExactly("sales._file.file_empty");
    }

    @Test
    void quotedQuotesFollowRfc4180AndOddTimestampsFailOnlyTheirRow() throws IOException {
        write("day1.csv", HEADER
                + "T001,2026-01-05 10:00:00,1,1.00,\"we\"\"b\"\n"
                + "T002,2026-1-5 10:00:00,1,1.00,web\n");
        config = new PipelineConfigLoader(Map.of("ROOT", temp.resolve("lake").toString(), "LANDING", landing.toString()), List.of())
                .parse(CONFIG.replace("allowed: [web, store]", "allowed: [web, store, \"we\\\"b\"]"), "shop.yaml");

        RunResult result = run();

        BronzeResult sales = result.tables().get(0).result().orElseThrow();
        assertThat(sales.quarantinedByRule()).containsExactly(Map.entry("sales.ts.type", 1L));
        assertThat(bronze().select("channel").first().getString(0)).isEqualTo("we\"b");
        assertThat(spark.conf().get("spark.sql.legacy.timeParserPolicy", "EXCEPTION")).as("the session's setting is restored")
                .isNotEqualTo("CORRECTED");
    }

    @Test
    void aTruncatedArchiveIsQuarantinedWholeAndTheOtherFilesStillLoad() throws IOException {
        StringBuilder rows = new StringBuilder(HEADER);
        for (int i = 0; i < 6000; i++) {
            rows.append(String.format("T%03d,2026-01-05 10:00:00,%d,%d.25,web%n", i % 1000, 1 + i % 100, i % 500));
        }
        java.io.ByteArrayOutputStream gzip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gzip)) {
            out.write(rows.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = gzip.toByteArray();
        // Cut near the end: the first 64 KiB still decompress, so only reading the whole file finds it.
        Files.write(landing.resolve("cut.csv.gz"), java.util.Arrays.copyOf(whole, whole.length * 9 / 10));
        write("good.csv", HEADER + "T001,2026-01-05 10:00:00,2,9.99,web\n");
        config = new PipelineConfigLoader(Map.of("ROOT", temp.resolve("lake").toString(), "LANDING", landing.toString()), List.of())
                .parse(CONFIG.replace("files: \"*.csv\"", "files: \"*.csv*\""), "shop.yaml");

        RunResult result = run();

        BronzeResult sales = result.tables().get(0).result().orElseThrow();
        assertThat(sales.rejectedFiles()).singleElement().satisfies(r -> {
            assertThat(r.rawPath()).endsWith("/cut.csv.gz");
            assertThat(r.rule()).isEqualTo("file_unreadable");
            assertThat(r.reason()).startsWith("the file cannot be read: ");
        });
        assertThat(sales.rowsWritten()).isEqualTo(1);
        assertThat(bronze().count()).isEqualTo(1);
        assertThat(quarantine().filter(col("_source_file").endsWith("/cut.csv.gz")).count()).isEqualTo(1);
    }

    @Test
    void filesLandInRawUnchangedWithAManifest() throws IOException {
        writeMixedBatch();

        run();

        Path raw = Path.of(java.net.URI.create(layout.rawFolder("sales") + "/ingest_date=2026-01-05/day1.csv"));
        assertThat(Files.readString(raw)).isEqualTo(Files.readString(landing.resolve("day1.csv")));
        Path manifest = Path.of(java.net.URI.create(layout.rawFolder("sales") + "/_manifests/ingest_date=2026-01-05/day1.csv.json"));
        String json = Files.readString(manifest);
        assertThat(json).contains("\"records\" : 7").contains("\"size\" : " + Files.size(raw))
                .containsPattern("\"sha256\" : \"[0-9a-f]{64}\"");
    }

    @Test
    void rerunIngestsNothingAndLeavesTablesExactlyAsTheyWere() throws IOException {
        writeMixedBatch();
        run();
        List<Row> bronzeBefore = bronze().orderBy("id").collectAsList();
        List<Row> quarantineBefore = quarantine().orderBy("_source_file", "id").collectAsList();
        // Touching a file changes its time, not its content: it is checksummed and still skipped.
        Files.setLastModifiedTime(landing.resolve("day1.csv"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        RunResult second = run();

        BronzeResult sales = second.tables().get(0).result().orElseThrow();
        assertThat(sales.filesRead()).isZero();
        assertThat(bronze().orderBy("id").collectAsList()).isEqualTo(bronzeBefore);
        assertThat(quarantine().orderBy("_source_file", "id").collectAsList()).isEqualTo(quarantineBefore);
        List<Row> audit = DeltaTables.read(spark, io.medallion.lakehouse.layout.TableRef.atPath(layout.system("audit")))
                .orderBy("started_at").select("status", "rows_read", "rows_written").collectAsList();
        assertThat(audit).extracting(r -> r.getString(0)).containsExactly("SUCCEEDED", "SKIPPED");
        assertThat(audit.get(0).getLong(1)).isEqualTo(7);
    }

    @Test
    void loadingTheSameFilesTwiceReplacesTheirRowsInsteadOfAddingThem() throws IOException {
        // As after a crash between the bronze commit and the ledger write: the same files load again.
        write("sales day 1.csv", HEADER + "T001,2026-01-05 10:00:00,2,9.99,web\nT002,2026-01-05 10:00:00,x,9.99,web\n");
        TableConfig table = config.table(Layer.BRONZE, "sales").orElseThrow();
        RawLanding landingStep = new RawLanding(spark.sparkContext().hadoopConfiguration(), layout);
        List<LandedFile> landed = landingStep.discover(config.source("sales")).stream()
                .map(f -> landingStep.land(config.source("sales"), f, DAY).orElseThrow()).toList();

        new BronzeIngest(spark, table, config.source("sales"), layout, BatchGate.NONE).execute(BatchContext.start("shop", DAY), landed);
        BronzeResult again = new BronzeIngest(spark, table, config.source("sales"), layout, BatchGate.NONE).execute(BatchContext.start("shop", DAY), landed);

        assertThat(again.rowsWritten()).isEqualTo(1);
        assertThat(bronze().count()).isEqualTo(1);
        assertThat(quarantine().count()).isEqualTo(1);
        assertThat(bronze().select("_batch_id").first().getString(0)).isEqualTo(again.batchId());
    }
}
