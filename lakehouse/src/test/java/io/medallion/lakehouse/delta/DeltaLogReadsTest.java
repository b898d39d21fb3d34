package io.medallion.lakehouse.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
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
    void aVersionsBytesAreThoseOfItsDataFilesAndUnknownWithoutAChecksumFile() throws IOException {
        TableRef table = TableRef.atPath(temp.resolve("sales").toString());
        spark.range(100).toDF("id").write().format("delta").save(table.path());
        long first = dataFileBytes(table.path());
        spark.range(100, 1000).toDF("id").write().format("delta").mode("append").save(table.path());

        assertThat(DeltaVersions.bytesAsOf(spark, table, 0)).contains(first);
        assertThat(DeltaVersions.bytesAsOf(spark, table, 1)).contains(dataFileBytes(table.path())).isNotEqualTo(Optional.of(first));

        Files.delete(Path.of(table.path(), "_delta_log", "00000000000000000001.crc"));
        assertThat(DeltaVersions.bytesAsOf(spark, table, 1)).as("a commit without its checksum file").isEmpty();
        assertThat(DeltaVersions.bytesAsOf(spark, new TableRef(temp.resolve("named").toString(), Optional.of("default.named_sales")), 0)).isEmpty();
    }

    private static long dataFileBytes(String table) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(table))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".parquet")).mapToLong(file -> file.toFile().length()).sum();
        }
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
