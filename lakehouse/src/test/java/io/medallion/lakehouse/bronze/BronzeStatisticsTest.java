package io.medallion.lakehouse.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.medallion.lakehouse.testing.TestLakehouse;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new bronze table keeps file statistics for the columns queries filter on, and keeps a choice made later. */
class BronzeStatisticsTest {
    private static final String CONFIG = """
            pipeline: stats
            lakehouse: {root: "${ROOT}"}
            sources:
              items: {location: "${LANDING}/items", format: csv}
            bronze:
              items:
                source: items
                keys: [id]
                partition_by: [_ingest_date]
                columns:
                  - {name: id, type: string, required: true}
                  - {name: amount, type: "decimal(10,2)"}
                  - {name: sold-at, type: timestamp}
                  - {name: sold_on, type: date}
                  - {name: note, type: string}
            """;

    @TempDir
    Path temp;

    @Test
    void aNewBronzeTableKeepsStatisticsForItsKeysTimesBatchIdAndRescuedDataOnly() throws IOException {
        TestLakehouse lake = new TestLakehouse(temp);
        Files.writeString(lake.landing("items").resolve("a.csv"), "id,amount,sold-at,sold_on,note\nA1,1.50,2026-01-01 10:00:00,2026-01-01,x\n");
        lake.load(CONFIG);

        assertThat(properties(lake)).containsEntry(BronzeStatistics.STATS_COLUMNS, "id,`sold-at`,sold_on,_batch_id,_rescued_data");
        String stats = lake.table("bronze/items").sparkSession().read().json(lake.layout().root() + "/bronze/items/_delta_log/00000000000000000000.json")
                .where("add IS NOT NULL").select("add.stats").head().getString(0);
        assertThat(stats).contains("\"sold-at\"", "\"_batch_id\"").doesNotContain("amount", "note", "_source_file");

        SharedSpark.session().sql("ALTER TABLE delta.`" + lake.layout().root() + "/bronze/items` SET TBLPROPERTIES ('"
                + BronzeStatistics.STATS_COLUMNS + "' = 'id,amount')");
        Files.writeString(lake.landing("items").resolve("b.csv"), "id,amount,sold-at,sold_on,note\nB1,2.50,2026-01-02 10:00:00,2026-01-02,y\n");
        lake.load(CONFIG);

        assertThat(properties(lake)).as("an existing table keeps its own choice").containsEntry(BronzeStatistics.STATS_COLUMNS, "id,amount");
    }

    private static Map<String, String> properties(TestLakehouse lake) {
        return DeltaTable.forPath(SharedSpark.session(), lake.layout().root() + "/bronze/items").detail().select("properties").head().getJavaMap(0);
    }
}
