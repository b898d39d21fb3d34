package io.medallion.lakehouse.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
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

class QuarantineRuleCountsTest {
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    @Test
    void countsEachRulesRowsAsTheDeltaWriteRunsLeavingOutRulesNoRowFailed() {
        Dataset<Row> quarantined = rows(List.of("t.a.required"), List.of("t.a.required", "t.b.range"), List.of("t._file.file_encoding"));
        QuarantineRuleCounts byRule = new QuarantineRuleCounts(List.of("t.a.required", "t.b.range", "t.c.pattern", "t._file.file_encoding"),
                QuarantineRuleCounts.DEFAULT_WAIT);

        byRule.countWhileWriting(quarantined).write().format("delta").save(temp.resolve("quarantine").toString());

        assertThat(byRule.counts(() -> Map.of("read back", 1L))).containsExactly(Map.entry("t.a.required", 2L), Map.entry("t.b.range", 1L),
                Map.entry("t._file.file_encoding", 1L));
        assertThat(spark.read().format("delta").load(temp.resolve("quarantine").toString()).count()).isEqualTo(3);
    }

    @Test
    void withNoRuleNothingIsObservedAndNothingCounted() {
        Dataset<Row> none = rows();
        QuarantineRuleCounts byRule = new QuarantineRuleCounts(List.of(), QuarantineRuleCounts.DEFAULT_WAIT);

        assertThat(byRule.countWhileWriting(none)).isSameAs(none);
        assertThat(byRule.counts(() -> Map.of("read back", 1L))).isEmpty();
    }

    @Test
    void countsThatNeverArriveAreReadBackAfterTheWaitInsteadOfHanging() {
        QuarantineRuleCounts byRule = new QuarantineRuleCounts(List.of("t.a.required"), Duration.ofMillis(200));
        byRule.countWhileWriting(rows(List.of("t.a.required"))); // never run, so no metrics ever arrive

        assertThat(byRule.counts(() -> Map.of("t.a.required", 1L))).containsExactly(Map.entry("t.a.required", 1L));
    }

    @SafeVarargs
    private Dataset<Row> rows(List<String>... failedRules) {
        StructType schema = new StructType().add(MetadataColumns.FAILED_RULES, DataTypes.createArrayType(DataTypes.StringType), true);
        return spark.createDataFrame(java.util.Arrays.stream(failedRules).map(rules -> RowFactory.create(rules)).toList(), schema);
    }
}
