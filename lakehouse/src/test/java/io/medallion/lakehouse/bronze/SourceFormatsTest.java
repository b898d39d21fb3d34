package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFormatsTest {
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    private BronzeResult load(String yaml) {
        PipelineConfig config = new PipelineConfigLoader(
                Map.of("ROOT", temp.resolve("lake").toString(), "LANDING", temp.resolve("landing").toString()), List.of())
                .parse(yaml, "formats.yaml");
        var result = new PipelineRun(spark, config).execute(RunOptions.defaults().withIngestDate(LocalDate.of(2026, 1, 5)));
        assertThat(result.succeeded()).as(result.tables().toString()).isTrue();
        return result.tables().get(0).result().orElseThrow();
    }

    private Dataset<Row> table(String folder) {
        return DeltaTables.read(spark, TableRef.atPath(LakehouseLayout.at(temp.resolve("lake").toString()).root() + "/" + folder + "/items"));
    }

    private Path landing() throws IOException {
        return Files.createDirectories(temp.resolve("landing/items"));
    }

    @Test
    void jsonLinesAreFlattenedByPathAndBadLinesQuarantined() throws IOException {
        Files.writeString(landing().resolve("a.json"), """
                {"id": "A1", "price": 12.5, "attributes": {"color": "red", "size": {"w": 2}}, "tags": ["x", "y"]}

                {"id": "A2", "price": "cheap", "attributes": {"color": "blue"}, "tags": []}
                {"id": "A3", "price": 3, "attributes": {"color": "green", "size": {"w": 4}}
                [1, 2, 3]
                {"id": "A4", "price": 1, "attributes": null, "tags": ["z"]}
                """);

        BronzeResult result = load("""
                pipeline: formats
                lakehouse: {root: "${ROOT}"}
                sources:
                  items: {location: "${LANDING}/items", format: json}
                bronze:
                  items:
                    source: items
                    columns:
                      - {name: id, type: string, required: true}
                      - {name: price, type: "decimal(8,2)"}
                      - {name: color, type: string, path: attributes.color}
                      - {name: width, type: int, path: attributes.size.w}
                      - {name: attributes, type: json}
                      - {name: tags, type: "array<string>"}
                """);

        assertThat(result.rowsRead()).isEqualTo(5);
        assertThat(result.rowsWritten()).isEqualTo(2);
        assertThat(result.rowsQuarantined()).isEqualTo(3);
        List<Row> rows = table("bronze").orderBy("id").collectAsList();
        assertThat(rows).extracting(r -> r.getString(r.fieldIndex("id"))).containsExactly("A1", "A4");
        Row first = rows.get(0);
        assertThat(first.<BigDecimal>getAs("price")).isEqualByComparingTo("12.50");
        assertThat(first.<String>getAs("color")).isEqualTo("red");
        assertThat(first.<Integer>getAs("width")).isEqualTo(2);
        assertThat(first.<String>getAs("attributes")).isEqualTo("{\"color\":\"red\",\"size\":{\"w\":2}}");
        assertThat(first.getList(first.fieldIndex("tags"))).containsExactly("x", "y");
        assertThat(rows.get(1).<String>getAs("color")).as("a path through null is null").isNull();

        Map<String, List<Object>> failuresByRecord = new java.util.HashMap<>();
        for (Row row : table("quarantine").collectAsList()) {
            failuresByRecord.put(row.getAs("_raw_record"), row.getList(row.fieldIndex("_failed_rules")));
        }
        assertThat(failuresByRecord).containsOnly(
                Map.entry("{\"id\": \"A2\", \"price\": \"cheap\", \"attributes\": {\"color\": \"blue\"}, \"tags\": []}",
                        List.of("items.price.type")),
                Map.entry("{\"id\": \"A3\", \"price\": 3, \"attributes\": {\"color\": \"green\", \"size\": {\"w\": 4}}",
                        List.of("items._record.malformed_record", "items.id.required")),
                Map.entry("[1, 2, 3]", List.of("items._record.malformed_record", "items.id.required")));
        Row notAnObject = table("quarantine").filter(col("_raw_record").equalTo("[1, 2, 3]")).first();
        assertThat(notAnObject.<String>getAs("_source_file")).endsWith("/ingest_date=2026-01-05/a.json");
    }

    @Test
    void aSecondJsonValueOnALineOrASecondDocumentInAFileIsQuarantinedNotDropped() throws IOException {
        Files.writeString(landing().resolve("lines.json"), """
                {"id": "A1", "note": "a } brace { in a string", "items": [{"n": 1}, {"n": 2}]}
                {"id": "A2"} {"id": "A3"}
                {"id": "A4"}{"id": "A5"}
                {"id": "A6"} trailing words
                {"id": "A7"}, {"id": "A8"}
                {'id': 'A9'} {'id': 'A10'}
                """);
        BronzeResult lines = load("""
                pipeline: formats
                lakehouse: {root: "${ROOT}"}
                sources:
                  items: {location: "${LANDING}/items", format: json}
                bronze:
                  items: {source: items, columns: [{name: id, type: string, required: true}, {name: note, type: string}]}
                """);

        assertThat(lines.rowsWritten()).isEqualTo(1);
        assertThat(table("quarantine").select("_raw_record").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactlyInAnyOrder("{\"id\": \"A2\"} {\"id\": \"A3\"}", "{\"id\": \"A4\"}{\"id\": \"A5\"}", "{\"id\": \"A6\"} trailing words",
                        "{\"id\": \"A7\"}, {\"id\": \"A8\"}", "{'id': 'A9'} {'id': 'A10'}");
    }

    @Test
    void aDocumentFileWithASecondDocumentIsQuarantinedWhole() throws IOException {
        Files.writeString(landing().resolve("one.json"), "\uFEFF{\"products\": [{\"id\": \"P1\"}]}\n");
        Files.writeString(landing().resolve("two.json"), "{\"products\": [{\"id\": \"P2\"}]}\n{\"products\": [{\"id\": \"P3\"}]}\n");

        BronzeResult result = load("""
                pipeline: formats
                lakehouse: {root: "${ROOT}"}
                sources:
                  items: {location: "${LANDING}/items", format: json, records: products}
                bronze:
                  items: {source: items, columns: [{name: id, type: string, required: true}]}
                """);

        assertThat(table("bronze").select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("P1");
        assertThat(result.rejectedFiles()).singleElement().satisfies(file -> {
            assertThat(file.rawPath()).endsWith("/two.json");
            assertThat(file.rule()).isEqualTo("file_many_documents");
            assertThat(file.reason()).contains("another starts at line 2, column 1");
        });
    }

    @Test
    void wholeDocumentJsonIsReadFromItsRecordsArray() throws IOException {
        Files.writeString(landing().resolve("catalog.json"), """
                {"products": [
                  {"id": "P1", "price": 9.99, "dimensions": {"w": 1.5}},
                  {"id": "P2", "price": 19.99, "dimensions": {"w": 2.5}}
                ]}
                """);
        Files.writeString(landing().resolve("truncated.json"), "{\"products\": [ {\"id\": \"P3\"");
        Files.writeString(landing().resolve("other.json"), "{\"items\": []}");

        BronzeResult result = load("""
                pipeline: formats
                lakehouse: {root: "${ROOT}"}
                sources:
                  items: {location: "${LANDING}/items", format: json, records: products}
                bronze:
                  items:
                    source: items
                    columns:
                      - {name: id, type: string, required: true}
                      - {name: price, type: double}
                      - {name: width, type: double, path: dimensions.w}
                """);

        assertThat(table("bronze").orderBy("id").collectAsList())
                .extracting(r -> r.getString(0) + "=" + r.getDouble(1) + "/" + r.getDouble(2))
                .containsExactly("P1=9.99/1.5", "P2=19.99/2.5");
        assertThat(result.rowsQuarantined()).isEqualTo(2);
        List<String> reasons = table("quarantine").select(col("_raw_record")).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(reasons).contains("the document has no `products` array of records", "{\"products\": [ {\"id\": \"P3\"");
    }

    @Test
    void parquetAndAvroFilesAreCheckedAgainstTheDeclaredColumns() throws IOException {
        StructType full = new StructType().add("id", DataTypes.StringType).add("amount", DataTypes.StringType).add("extra", DataTypes.IntegerType);
        StructType withoutId = new StructType().add("amount", DataTypes.StringType);
        Path folder = landing();
        writeSingleFile(spark.createDataFrame(List.of(RowFactory.create("A1", "10", 1), RowFactory.create("A2", "ten", 2)), full),
                "parquet", folder.resolve("good.parquet"));
        writeSingleFile(spark.createDataFrame(List.of(RowFactory.create("5")), withoutId), "parquet", folder.resolve("no-id.parquet"));
        Files.writeString(folder.resolve("fake.parquet"), "this is not parquet");

        BronzeResult result = load(columnarConfig("parquet"));

        assertThat(table("bronze").collectAsList()).extracting(r -> r.getString(0) + ":" + r.getInt(1)).containsExactly("A1:10");
        assertThat(result.rejectedFiles()).extracting(FileRejection::rule).containsExactlyInAnyOrder("file_schema_mismatch", "file_unreadable");
        FileRejection mismatch = result.rejectedFiles().stream().filter(r -> r.rule().equals("file_schema_mismatch")).findFirst().orElseThrow();
        assertThat(mismatch.reason()).isEqualTo("the file lacks the required columns [id]; it has [amount]. "
                + "Fix the source, or make the columns optional in the table's config");
        assertThat(result.quarantinedByRule()).containsEntry("items.amount.type", 1L);
    }

    @Test
    void aParquetFileWhosePagesAreCorruptIsQuarantinedWholeAndTheOthersLoad() throws IOException {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("amount", DataTypes.StringType);
        Path folder = landing();
        writeSingleFile(spark.createDataFrame(List.of(RowFactory.create("A1", "10")), schema), "parquet", folder.resolve("good.parquet"));
        List<Row> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(RowFactory.create("B" + i, String.valueOf(i)));
        }
        Path broken = folder.resolve("broken.parquet");
        writeSingleFile(spark.createDataFrame(many, schema), "parquet", broken);
        // Zeros over the first half, the column pages; the footer at the end, which a row count reads, stays whole.
        byte[] bytes = Files.readAllBytes(broken);
        java.util.Arrays.fill(bytes, 4, bytes.length / 2, (byte) 0);
        Files.write(broken, bytes);

        BronzeResult result = load(columnarConfig("parquet"));

        assertThat(table("bronze").collectAsList()).extracting(r -> r.getString(0) + ":" + r.getInt(1)).containsExactly("A1:10");
        assertThat(result.rejectedFiles()).singleElement().satisfies(file -> {
            assertThat(file.rawPath()).endsWith("/broken.parquet");
            assertThat(file.rule()).isEqualTo("file_unreadable");
        });
    }

    @Test
    void avroFilesLoad() throws IOException {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("amount", DataTypes.LongType);
        writeSingleFile(spark.createDataFrame(List.of(RowFactory.create("B1", 7L), RowFactory.create(null, 8L)), schema),
                "avro", landing().resolve("part.avro"));

        BronzeResult result = load(columnarConfig("avro"));

        assertThat(table("bronze").collectAsList()).extracting(r -> r.getString(0) + ":" + r.getInt(1)).containsExactly("B1:7");
        assertThat(result.quarantinedByRule()).containsExactly(Map.entry("items.id.required", 1L));
    }

    private static String columnarConfig(String format) {
        return """
                pipeline: formats
                lakehouse: {root: "${ROOT}"}
                sources:
                  items: {location: "${LANDING}/items", format: FORMAT}
                bronze:
                  items:
                    source: items
                    columns:
                      - {name: id, type: string, required: true}
                      - {name: amount, type: int}
                """.replace("FORMAT", format);
    }

    /** Writes a data frame as exactly one file at {@code target}, as a source system would deliver it. */
    private void writeSingleFile(Dataset<Row> rows, String format, Path target) throws IOException {
        Path folder = temp.resolve("spark-out-" + target.getFileName());
        rows.coalesce(1).write().format(format).save(folder.toString());
        try (var files = Files.list(folder)) {
            Path part = files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            Files.move(part, target);
        }
    }
}
