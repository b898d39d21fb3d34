package io.medallion.lakehouse.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaLogReadsTest {
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    @Test
    void theVersionAndTheLatestCommitsMetricsAreWhatTheTablesHistorySays() {
        TableRef table = TableRef.atPath(temp.resolve("orders").toString());
        spark.range(5).toDF("id").write().format("delta").save(table.path());
        spark.range(5, 8).toDF("id").write().format("delta").mode("append").save(table.path());

        Row latest = DeltaTables.forTable(spark, table).history(1).select("version", "operationMetrics").head();
        assertThat(DeltaLogReads.currentVersion(spark, table)).contains(1L).contains(latest.getLong(0));
        assertThat(DeltaLogReads.lastCommitMetrics(spark, table)).contains(Map.copyOf(latest.getJavaMap(1)));
        assertThat(DeltaTables.lastCommitCount(spark, table, "numOutputRows")).isEqualTo(3);

        spark.range(8, 9).toDF("id").write().format("delta").mode("append").save(table.path());

        assertThat(DeltaVersions.current(spark, table)).as("a commit after the last read").isEqualTo(2);
        assertThat(DeltaTables.lastCommitCount(spark, table, "numOutputRows")).isEqualTo(1);
    }

    @Test
    void aPathThatHoldsNoTableIsLeftToTheHistoryWhichSaysSo() {
        TableRef nothing = TableRef.atPath(temp.resolve("nothing").toString());

        assertThat(DeltaLogReads.currentVersion(spark, nothing)).isEmpty();
        assertThat(DeltaLogReads.lastCommitMetrics(spark, nothing)).isEmpty();
        assertThatThrownBy(() -> DeltaVersions.current(spark, nothing)).hasMessageContaining("not a Delta table");
    }

    @Test
    void aCatalogTableIsLeftToTheHistory() {
        TableRef table = new TableRef(temp.resolve("named").toString(), Optional.of("default.named_orders"));

        assertThat(DeltaLogReads.currentVersion(spark, table)).isEmpty();
        assertThat(DeltaLogReads.lastCommitMetrics(spark, table)).isEmpty();
    }
}
