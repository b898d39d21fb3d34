package io.medallion.lakehouse.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.delta.DeltaVersions;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.testing.TestLakehouse;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a quarantined row says about itself: every rule it broke, in rule order, each with its id,
 * kind, column, the value as it arrived and the rule as a person reads it. The bronze scan keeps
 * only each rule's verdict with a failing row; these are built from it afterwards.
 */
class QuarantineDetailTest {
    private static final String CONFIG = """
            pipeline: detail
            lakehouse: {root: "${ROOT}"}
            sources:
              items: {location: "${LANDING}/items", format: csv}
            bronze:
              items:
                source: items
                columns:
                  - {name: id, type: string, required: true, pattern: "I[0-9]{2}"}
                  - {name: quantity, type: int, min: 1, max: 10}
                  - {name: price, type: "decimal(5,2)"}
                  - {name: channel, type: string, allowed: [web, store]}
            """;

    @TempDir
    Path temp;

    @Test
    void eachQuarantinedRowListsEveryRuleItBrokeWithTheValueAsItArrived() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp);
        Files.writeString(lake.landing("items").resolve("a.csv"), """
                id,quantity,price,channel
                I01,2,1.50,web
                X1,11,1.505,fax
                ,abc,2.00,store
                I04,3,9.99,web,extra
                ,,,
                """);

        BronzeResult result = lake.load(CONFIG);

        assertThat(lake.table("bronze/items").count()).isEqualTo(1);
        assertThat(result.rowsQuarantined()).as("the blank line is neither kept nor quarantined").isEqualTo(3);
        List<Row> quarantined = lake.table("quarantine/items").orderBy("_raw_record").collectAsList();
        assertThat(quarantined).extracting(QuarantineDetailTest::failures).containsExactlyInAnyOrder(
                List.of("items.id.pattern|pattern|id|X1|id must match I[0-9]{2}",
                        "items.quantity.range|range|quantity|11|quantity must be between 1 and 10",
                        "items.price.type|type|price|1.505|price must be a decimal(5,2)",
                        "items.channel.allowed_values|allowed_values|channel|fax|channel must be one of web, store"),
                List.of("items.id.required|required|id|null|id is required",
                        "items.quantity.type|type|quantity|abc|quantity must be a int"),
                List.of("items._record.malformed_record|malformed_record||I04,3,9.99,web,extra|the record must have exactly the declared columns"));
        assertThat(quarantined).allSatisfy(row -> assertThat(row.<String>getList(row.fieldIndex("_failed_rules")))
                .containsExactlyElementsOf(failures(row).stream().map(f -> f.substring(0, f.indexOf('|'))).toList()));
    }

    @Test
    void aBatchWithNothingToQuarantineAddsNoVersionToTheQuarantineTable() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp);
        Files.writeString(lake.landing("items").resolve("a.csv"), "id,quantity,price,channel\nI01,2,1.50,web\nX1,2,1.50,web\n");
        assertThat(lake.load(CONFIG).rowsQuarantined()).isEqualTo(1);
        TableRef quarantine = TableRef.atPath(lake.layout().root() + "/quarantine/items");
        long version = DeltaVersions.current(SharedSpark.session(), quarantine);

        Files.writeString(lake.landing("items").resolve("b.csv"), "id,quantity,price,channel\nI02,3,2.00,store\n");
        assertThat(lake.load(CONFIG).rowsQuarantined()).isZero();
        // Every clean batch of every table would otherwise grow the quarantine's log by a version.
        assertThat(DeltaVersions.current(SharedSpark.session(), quarantine)).isEqualTo(version);
        assertThat(lake.table("quarantine/items").count()).isEqualTo(1);
    }

    /** A row's failures as {@code rule_id|rule|column|value|description}, in the order quarantine keeps them. */
    private static List<String> failures(Row row) {
        return row.<Row>getList(row.fieldIndex("_failures")).stream()
                .map(f -> f.getString(0) + "|" + f.getString(1) + "|" + f.getString(2) + "|" + f.getString(3) + "|" + f.getString(4))
                .toList();
    }
}
