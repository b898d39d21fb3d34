package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.testing.TestLakehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus of bad files: all of them land in one batch beside one good file, and each test shows
 * where one of them ended up. The run as a whole must succeed and the good file must load.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
    private static final String HEADER = "id,name,sold_at\n";
    private static final String CONFIG = """
            pipeline: corpus
            lakehouse: {root: "${ROOT}"}
            sources:
              items: {location: "${LANDING}/items", format: csv, files: "*"}
            bronze:
              items:
                source: items
                keys: [id]
                columns:
                  - {name: id, type: string, pattern: "[A-Z][0-9]+"}
                  - {name: name, type: string}
                  - {name: sold_at, type: timestamp, format: "yyyy-MM-dd HH:mm:ss"}
            """;

    private TestLakehouse lake;
    private BronzeResult result;

    @BeforeAll
    void runTheCorpus(@TempDir Path temp) throws IOException {
        lake = new TestLakehouse(temp);
        Path landing = lake.landing("items");
        Files.writeString(landing.resolve("good.csv"), HEADER + "G1,fine,2026-01-05 10:00:00\nG2,fine too,2026-01-05 11:00:00\n");
        Files.writeString(landing.resolve("empty.csv"), "");
        Files.write(landing.resolve("garbage.csv"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        Files.write(landing.resolve("truncated.csv.gz"), truncatedGzip(HEADER + "T1,cut,2026-01-05 10:00:00\n".repeat(2000)));
        Files.write(landing.resolve("latin1.csv"), (HEADER + "L1,Café,2026-01-05 10:00:00\n").getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(landing.resolve("renamed.csv"), "id,title,sold_at\nR1,x,2026-01-05 10:00:00\n");
        Files.writeString(landing.resolve("long-line.csv"), HEADER + "x".repeat(10 * 1024 * 1024) + "\nH1,after the long line,2026-01-05 10:00:00\n");
        Files.writeString(landing.resolve("keys.csv"), HEADER
                + "D1,first,2026-01-05 10:00:00\nD1,second,2026-01-05 10:01:00\n,no key,2026-01-05 10:02:00\n");
        Files.writeString(landing.resolve("far-future.csv"), HEADER + "Y1,end of time,9999-12-31 23:59:59\nY2,beyond,10000-01-01 00:00:00\n");
        result = lake.load(CONFIG);
    }

    private static byte[] truncatedGzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = bytes.toByteArray();
        return java.util.Arrays.copyOf(whole, whole.length / 2);
    }

    private Dataset<Row> bronze() {
        return lake.table("bronze/items");
    }

    private Dataset<Row> quarantine() {
        return lake.table("quarantine/items");
    }

    private Map<String, String> rejectedFiles() {
        Map<String, String> rules = new TreeMap<>();
        result.rejectedFiles().forEach(r -> rules.put(r.rawPath().substring(r.rawPath().lastIndexOf('/') + 1), r.rule()));
        return rules;
    }

    @Test
    void theGoodFileLoadsWhateverElseIsInTheBatch() {
        assertThat(bronze().filter(col("id").startsWith("G")).count()).isEqualTo(2);
    }

    @Test
    void unreadableFilesAreQuarantinedWholeEachWithItsReason() {
        assertThat(rejectedFiles()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "empty.csv", "file_empty",
                "garbage.csv", "file_not_text",
                "truncated.csv.gz", "file_unreadable",
                "latin1.csv", "file_encoding")));
        assertThat(quarantine().filter(col("_raw_record").isNull()).count()).isEqualTo(4);
    }

    @Test
    void aRenamedOptionalColumnLoadsWithItsValueRescuedAndIsReported() {
        Row renamed = bronze().filter(col("id").equalTo("R1")).select("name", "_rescued_data").first();
        assertThat(renamed.isNullAt(0)).isTrue();
        assertThat(renamed.getString(1)).isEqualTo("{\"title\":\"x\"}");
        assertThat(result.schemaChanges()).contains("renamed.csv: added [title]; missing [name]");
    }

    @Test
    void aTenMegabyteLineIsOneQuarantinedRowKeptWholeAndTheNextLineStillLoads() {
        Row row = quarantine().filter(col("_source_file").endsWith("long-line.csv")).select(length(col("_raw_record")), col("_failed_rules"))
                .first();
        assertThat(row.getInt(0)).isEqualTo(10 * 1024 * 1024);
        assertThat(row.getList(1)).contains("items._record.malformed_record");
        assertThat(bronze().filter(col("id").equalTo("H1")).count()).isEqualTo(1);
    }

    @Test
    void aNullKeyIsQuarantinedAsRequiredAndDuplicateKeysBothStayInBronzeForSilverToResolve() {
        assertThat(quarantine().filter(col("name").equalTo("no key")).select("_failed_rules").first().getList(0))
                .containsExactly("items.id.required");
        // Bronze records what arrived: two versions of one key in a batch are both kept; silver's MERGE picks by sequence.
        assertThat(bronze().filter(col("id").equalTo("D1")).count()).isEqualTo(2);
    }

    @Test
    void yearNineThousandNineHundredNinetyNineLoadsExactlyAndYearTenThousandIsQuarantined() {
        Row endOfTime = bronze().filter(col("id").equalTo("Y1")).select("sold_at").first();
        assertThat(endOfTime.getTimestamp(0)).isEqualTo(Timestamp.valueOf(LocalDateTime.of(9999, 12, 31, 23, 59, 59)));
        assertThat(quarantine().filter(col("id").equalTo("Y2")).select("_failed_rules").first().getList(0))
                .containsExactly("items.sold_at.type");
    }

    @Test
    void everyRecordIsCountedOnce() {
        assertThat(result.rowsRead()).isEqualTo(result.rowsWritten() + result.rowsQuarantined());
        assertThat(bronze().count() + quarantine().filter(col("_raw_record").isNotNull()).count()).isEqualTo(result.rowsRead());
    }
}
