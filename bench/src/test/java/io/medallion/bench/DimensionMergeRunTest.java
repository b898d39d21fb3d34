package io.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SCD2 benchmark's three contenders do the same work: after the merge, and after the rebuild, they
 * hold the same dimension. Each stage runs twice, so the second merge starts from the restored table:
 * had the restore failed, it would have closed the versions the first merge opened.
 */
class DimensionMergeRunTest {
    private static final long ROWS = 2_000;
    private static final String COLUMNS = "customer_id, name, city, tier, phone, updated_at, effective_from, effective_to, is_current, version";

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    @Test
    void medallionTheFloorAndDuckDbBuildTheSameDimension() throws SQLException {
        BenchmarkOptions options = new BenchmarkOptions(List.of("2MB"), temp, BenchmarkOptions.ALL_CONTENDERS, 1, ROWS, 2, false);
        List<StageTiming> timings = new DimensionMergeRun(spark, options, ROWS).execute();

        assertThat(timings).extracting(StageTiming::stage).containsOnly(DimensionMergeRun.MERGE, DimensionMergeRun.REBUILD).hasSize(6);
        Path folder = temp.resolve("dimension-" + ROWS);
        List<String> medallion = delta(folder.resolve("medallion/dim"));
        // 1% of 2,000 customers changed city: 2,020 versions, 20 of them closed.
        assertThat(medallion).hasSize(2_020);
        assertThat(medallion.stream().filter(row -> row.endsWith("|false|1"))).hasSize(20);
        assertThat(delta(folder.resolve("floor/dim"))).isEqualTo(medallion);
        assertThat(delta(folder.resolve("medallion-rebuild/dim"))).isEqualTo(medallion);
        assertThat(delta(folder.resolve("floor-rebuild/dim"))).isEqualTo(medallion);
        assertThat(duckDb(folder.resolve("duckdb/dim.duckdb"), "dim")).isEqualTo(medallion);
        assertThat(duckDb(folder.resolve("duckdb/dim.duckdb"), "dim_rebuilt")).isEqualTo(medallion);
        // A merge of changes the table already holds commits nothing: the second merge's 20 inserts show it began from the restore.
        for (String table : List.of("medallion/dim", "floor/dim")) {
            Dataset<Row> history = DeltaTable.forPath(spark, folder.resolve(table).toString()).history().orderBy("version");
            assertThat(history.select("operation").as(Encoders.STRING()).collectAsList()).as(table).endsWith("MERGE", "RESTORE", "MERGE");
            assertThat(history.orderBy(history.col("version").desc()).select("operationMetrics").head().<String, String>getJavaMap(0))
                    .as(table).containsEntry("numTargetRowsInserted", "20");
        }
    }

    private List<String> delta(Path table) {
        return spark.read().format("delta").load(table.toString()).selectExpr(COLUMNS.split(", ")).collectAsList().stream()
                .map(DimensionMergeRunTest::text).sorted().toList();
    }

    private static List<String> duckDb(Path database, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT " + COLUMNS + " FROM " + table)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder text = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = result.getObject(i);
                    text.append(i == 1 ? "" : "|").append(value instanceof java.time.LocalDateTime t ? java.sql.Timestamp.valueOf(t) : value);
                }
                rows.add(text.toString());
            }
        }
        return rows.stream().sorted().toList();
    }

    private static String text(Row row) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < row.length(); i++) {
            text.append(i == 0 ? "" : "|").append(row.get(i));
        }
        return text.toString();
    }
}
