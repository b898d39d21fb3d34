package io.medallion.lakehouse.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.error.MedallionException;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodingsTest {
    private static final String CSV_CONFIG = """
            pipeline: encodings
            lakehouse: {root: "${ROOT}"}
            sources:
              items: {location: "${LANDING}/items", format: csv, options: {header: "%s"%s}}
            bronze:
              items:
                source: items
                columns:
                  - {name: id, type: string, required: true}
                  - {name: name, type: string}
                  - {name: price, type: "decimal(8,2)"}
            """;

    @TempDir
    Path temp;

    private TestLakehouse lake() {
        return new TestLakehouse(temp);
    }

    private static String csv(boolean header, String encoding) {
        return CSV_CONFIG.formatted(header, encoding == null ? "" : ", encoding: " + encoding);
    }

    private List<String> names(TestLakehouse lake) {
        return lake.table("bronze/items").orderBy("id").collectAsList().stream().map(r -> r.<String>getAs("id") + "=" + r.getAs("name")).toList();
    }

    @Test
    void isoLatin1FilesLoadWhenTheSourceDeclaresTheirEncoding() throws IOException {
        TestLakehouse lake = lake();
        Files.write(lake.landing("items").resolve("latin1.csv"),
                "id,name,price\r\nA1,Café crème,2.50\r\nA2,\"Smørrebrød\r\nmit Räucherlachs\",7.00\r\n".getBytes(StandardCharsets.ISO_8859_1));

        BronzeResult result = lake.load(csv(true, "ISO-8859-1"));

        assertThat(result.rowsWritten()).isEqualTo(2);
        // Spark's CSV parser turns a CRLF inside a quoted value into LF.
        assertThat(names(lake)).containsExactly("A1=Café crème", "A2=Smørrebrød\nmit Räucherlachs");
    }

    @Test
    void aFileThatIsNotValidInItsEncodingIsQuarantinedWholeNamingTheLineAndTheOthersLoad() throws IOException {
        TestLakehouse lake = lake();
        Path landing = lake.landing("items");
        Files.write(landing.resolve("a-latin1.csv"), "id,name,price\nA1,ok,1.00\nA2,Café,2.50\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(landing.resolve("b-utf8.csv"), "id,name,price\nB1,Café,3.00\n", StandardCharsets.UTF_8);

        BronzeResult result = lake.load(csv(true, null));

        assertThat(names(lake)).containsExactly("B1=Café");
        assertThat(result.rejectedFiles()).singleElement().satisfies(rejection -> {
            assertThat(rejection.rawPath()).endsWith("a-latin1.csv");
            assertThat(rejection.rule()).isEqualTo("file_encoding");
            assertThat(rejection.reason()).contains("line 3", "E9", "UTF-8", "sources.items.options.encoding");
        });
        Row quarantined = lake.table("quarantine/items").first();
        assertThat(quarantined.getList(quarantined.fieldIndex("_failed_rules"))).containsExactly("items._file.file_encoding");
        assertThat(result.quarantinedByRule()).containsExactly(java.util.Map.entry("items._file.file_encoding", 1L));
    }

    @Test
    void aBackfillAfterTheEncodingIsFixedInspectsRawsCopyAgainAndLoadsIt() throws IOException {
        TestLakehouse lake = lake();
        Files.write(lake.landing("items").resolve("latin1.csv"),
                "id,name,price\nA1,\"Café\ncrème\",2.50\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(lake.load(csv(true, null)).rejectedFiles()).singleElement().extracting(FileRejection::rule).isEqualTo("file_encoding");

        RunResult backfill = lake.run(csv(true, "ISO-8859-1"), RunOptions.defaults().withBackfill(TestLakehouse.DAY, TestLakehouse.DAY));

        assertThat(backfill.succeeded()).as(backfill.tables().toString()).isTrue();
        assertThat(backfill.tables().get(0).result().orElseThrow().rejectedFiles()).isEmpty();
        // Read with the manifest's quoted-line-break finding and the new encoding: one record, not two lines.
        assertThat(names(lake)).containsExactly("A1=Café\ncrème");
        assertThat(lake.table("quarantine/items").count()).as("the backfill replaced the file's quarantine row").isZero();
        assertThat(Files.readString(temp.resolve("lake/raw/items/_manifests/ingest_date=" + TestLakehouse.DAY + "/latin1.csv.json")))
                .as("the new inspection is saved, so the next reload does not read the file again").contains("ISO-8859-1")
                .doesNotContain("encoding_problem");
    }

    @Test
    void aByteOrderMarkNeverReachesTheFirstValue() throws IOException {
        TestLakehouse lake = lake();
        Files.write(lake.landing("items").resolve("bom.csv"), ("\uFEFFA1,first,1.00\nA2,second,2.00\n").getBytes(StandardCharsets.UTF_8));

        lake.load(csv(false, null));

        assertThat(names(lake)).containsExactly("A1=first", "A2=second");
    }

    @Test
    void aByteOrderMarkBeforeTheFirstJsonLineIsNotACorruptRecord() throws IOException {
        TestLakehouse lake = lake();
        Files.write(lake.landing("items").resolve("bom.json"), "\uFEFF{\"id\": \"A1\", \"name\": \"first\"}\n{\"id\": \"A2\", \"name\": \"second\"}\n"
                .getBytes(StandardCharsets.UTF_8));

        BronzeResult result = lake.load(CSV_CONFIG.replace("format: csv, options: {header: \"%s\"%s}", "format: json"));

        assertThat(result.rowsQuarantined()).isZero();
        assertThat(names(lake)).containsExactly("A1=first", "A2=second");
    }

    @Test
    void unknownEncodingsAndNonUtf8JsonAreConfigErrorsNamingTheKey() {
        assertThatThrownBy(() -> lake().config(csv(true, "UTF-9")))
                .isInstanceOf(MedallionException.class)
                .hasMessageContaining("sources.items.options.encoding")
                .hasMessageContaining("UTF-9");
        String json = CSV_CONFIG.replace("format: csv, options: {header: \"%s\"%s}", "format: json, options: {encoding: ISO-8859-1}");
        assertThatThrownBy(() -> lake().config(json))
                .isInstanceOf(MedallionException.class)
                .hasMessageContaining("sources.items.options.encoding")
                .hasMessageContaining("UTF-8");
    }
}
