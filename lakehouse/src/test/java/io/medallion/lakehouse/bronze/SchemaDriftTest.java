package io.medallion.lakehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.testing.TestLakehouse;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Columns a source adds, drops, reorders or retypes: kept, reported, never silently lost or nulled. */
class SchemaDriftTest {
    private static final String CONFIG = """
            pipeline: drift
            lakehouse: {root: "${ROOT}"}
            sources:
              items: {location: "${LANDING}/items", format: %s}
            bronze:
              items:
                source: items
                schema_drift: %s
                columns:
                  - {name: id, type: string, required: true}
                  - {name: quantity, type: int}
                  - {name: note, type: string}
            """;

    @TempDir
    Path temp;

    private static String config(String format, String drift) {
        return CONFIG.formatted(format, drift);
    }

    /** Rows as {@code id|quantity|note|_rescued_data}. */
    private static List<String> rows(Dataset<Row> table) {
        return table.orderBy("id").select("id", "quantity", "note", "_rescued_data").collectAsList().stream()
                .map(r -> r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3)).toList();
    }

    @Test
    void csvColumnsAreReadByHeaderNameAndUnknownOnesRescued() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp);
        Path landing = lake.landing("items");
        Files.writeString(landing.resolve("a.csv"), "id,quantity,note\nA1,1,first\n");
        Files.writeString(landing.resolve("b.csv"), "Quantity,id,loyalty tier,channel\n2,B1,gold,web\n3,B2,,\n");
        Files.writeString(landing.resolve("c.csv"), "quantity,note\n4,no id column\n");

        BronzeResult result = lake.load(config("csv", "rescue"));

        assertThat(rows(lake.table("bronze/items"))).containsExactly(
                "A1|1|first|null", "B1|2|null|{\"loyalty tier\":\"gold\",\"channel\":\"web\"}", "B2|3|null|null");
        assertThat(result.rejectedFiles()).singleElement().satisfies(r -> {
            assertThat(r.rawPath()).endsWith("c.csv");
            assertThat(r.reason()).contains("lacks the required columns [id]");
        });
        assertThat(result.schemaChanges()).containsExactly(
                "b.csv: added [loyalty tier, channel]; missing [note]",
                "columns the table does not declare, kept in _rescued_data: channel (1 rows), loyalty tier (1 rows)");
    }

    @Test
    void unknownJsonFieldsAreRescuedOrTheirRecordQuarantinedAsThePolicySays() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp.resolve("rescue"));
        TestLakehouse strict = new TestLakehouse(temp.resolve("reject"));
        for (TestLakehouse each : List.of(lake, strict)) {
            Files.writeString(each.landing("items").resolve("a.json"), """
                    {"id": "A1", "quantity": 1}
                    {"id": "A2", "quantity": 2, "promo": {"code": "X", "pct": 10}, "score": 4.5}
                    """);
        }

        lake.load(config("json", "rescue"));
        strict.load(config("json", "reject"));

        assertThat(rows(lake.table("bronze/items"))).containsExactly("A1|1|null|null",
                "A2|2|null|{\"promo\":\"{\\\"code\\\":\\\"X\\\",\\\"pct\\\":10}\",\"score\":\"4.5\"}");
        assertThat(rows(strict.table("bronze/items"))).containsExactly("A1|1|null|null");
        Row rejected = strict.table("quarantine/items").select("id", "_failed_rules", "_rescued_data").first();
        assertThat(rejected.getString(0)).isEqualTo("A2");
        assertThat(rejected.getList(1)).containsExactly("items._record.undeclared_columns");
        assertThat(rejected.getString(2)).contains("promo", "score");
    }

    @Test
    void parquetColumnsOfAnotherTypeAreReportedAndValuesThatDoNotConvertAreQuarantinedNotNulled() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp);
        StructType schema = new StructType().add("id", DataTypes.StringType).add("quantity", DataTypes.StringType)
                .add("added", DataTypes.LongType);
        Path folder = temp.resolve("parquet-out");
        SharedSpark.session().createDataFrame(List.of(RowFactory.create("P1", "7", 70L), RowFactory.create("P2", "seven", 71L)), schema)
                .coalesce(1).write().parquet(folder.toString());
        try (var files = Files.list(folder)) {
            Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.copy(part, lake.landing("items").resolve("items.parquet"));
        }

        BronzeResult result = lake.load(config("parquet", "rescue"));

        assertThat(rows(lake.table("bronze/items"))).containsExactly("P1|7|null|{\"added\":70}");
        assertThat(lake.table("quarantine/items").filter(col("id").equalTo("P2")).select("_failed_rules").first().getList(0))
                .containsExactly("items.quantity.type");
        assertThat(result.schemaChanges().get(0)).isEqualTo(
                "items.parquet: added [added]; missing [note]; of another type than declared {quantity=string (declared int)}");
    }
}
