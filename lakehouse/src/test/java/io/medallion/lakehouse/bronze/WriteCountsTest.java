package io.medallion.lakehouse.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.delta.PendingDeltaWrite;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteCountsTest {
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    @Test
    void countsTheRowsAndEachRulesRowsAsTheDeltaWriteRunsLeavingOutRulesNoRowFailed() {
        Dataset<Row> quarantined = rows(List.of("t.a.required"), List.of("t.a.required", "t.b.range"), List.of("t._file.file_encoding"));
        WriteCounts counts = new WriteCounts("the quarantine write", List.of("t.a.required", "t.b.range", "t.c.pattern", "t._file.file_encoding"),
                WriteCounts.DEFAULT_WAIT);

        counts.countWhileWriting(quarantined).write().format("delta").save(temp.resolve("quarantine").toString());

        assertThat(counts.rows(() -> -1)).isEqualTo(3);
        assertThat(counts.byRule(() -> Map.of("read back", 1L))).containsExactly(Map.entry("t.a.required", 2L), Map.entry("t.b.range", 1L),
                Map.entry("t._file.file_encoding", 1L));
        assertThat(spark.read().format("delta").load(temp.resolve("quarantine").toString()).count()).isEqualTo(3);
    }

    @Test
    void rowsThatCarryNoRulesAreCountedAndHaveNoRuleCounts() {
        WriteCounts counts = new WriteCounts("the bronze write", List.of(), WriteCounts.DEFAULT_WAIT);

        counts.countWhileWriting(rows(List.of(), List.of())).write().format("delta").save(temp.resolve("bronze").toString());

        assertThat(counts.rows(() -> -1)).isEqualTo(2);
        assertThat(counts.byRule(() -> Map.of("read back", 1L))).isEmpty();
    }

    @Test
    void countsArriveFromAWriteCommittedAfterItsCheckToo() {
        WriteCounts counts = new WriteCounts("the bronze write", List.of(), Duration.ofSeconds(60));
        TableRef bronze = TableRef.atPath(temp.resolve("bronze").toString());

        PendingDeltaWrite.start(spark, counts.countWhileWriting(rows(List.of(), List.of(), List.of())), bronze, List.of(), Optional.empty(), Map.of())
                .commit();

        assertThat(counts.rows(() -> -1)).as("observed during the write, not read back").isEqualTo(3);
    }

    @Test
    void countsThatNeverArriveAreReadBackAfterTheWaitInsteadOfHanging() {
        WriteCounts counts = new WriteCounts("the quarantine write", List.of("t.a.required"), Duration.ofMillis(200));
        counts.countWhileWriting(rows(List.of("t.a.required"))); // never run, so no metrics ever arrive

        assertThat(counts.byRule(() -> Map.of("t.a.required", 1L))).containsExactly(Map.entry("t.a.required", 1L));
        assertThat(counts.rows(() -> 1)).isEqualTo(1);
    }

    @SafeVarargs
    private Dataset<Row> rows(List<String>... failedRules) {
        StructType schema = new StructType().add(MetadataColumns.FAILED_RULES, DataTypes.createArrayType(DataTypes.StringType), true);
        return spark.createDataFrame(java.util.Arrays.stream(failedRules).map(rules -> RowFactory.create(rules)).toList(), schema);
    }
}
