package io.medallion.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.jobs.generate.GenerateOptions;
import io.medallion.jobs.generate.GenerationResult;
import io.medallion.jobs.generate.RetailGenerator;
import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs Medallion's bronze step and the DuckDB alternative on the same files and compares every row's failed rules. */
class DuckDbBronzeMatchesMedallionTest {
    private static final LocalDate DAY = LocalDate.of(2026, 1, 5);

    @TempDir
    Path temp;

    @Test
    void handWrittenRowsFailExactlyTheRulesTheyFailInMedallion() throws IOException, SQLException {
        Path landing = Files.createDirectories(temp.resolve("landing"));
        Path day1 = Files.writeString(landing.resolve("day1.csv"), DuckDbBronzeTest.DAY_ONE, StandardCharsets.UTF_8);
        PipelineConfig config = new PipelineConfigLoader(Map.of("ROOT", temp.resolve("lake").toString(), "LANDING", landing.toString()), List.of())
                .parse(DuckDbBronzeTest.CONFIG, "shop.yaml");

        Comparison comparison = compare(config, "sales", List.of(day1), "coalesce(id, '<null>')", "coalesce(id, '<null>')");

        comparison.assertSame();
        assertThat(comparison.duckDb().rowsQuarantined()).isEqualTo(8);
    }

    @Test
    void generatedRetailDataGetsTheSameCountsPerRuleAsMedallion() throws IOException, SQLException {
        Path data = temp.resolve("retail");
        GenerationResult generated = RetailGenerator.generate(new GenerateOptions(data.toString(), 42, 300_000,
                GenerateOptions.DEFAULT_DAYS, GenerateOptions.DEFAULT_START_DATE, GenerateOptions.DEFAULT_DEFECT_RATE));
        PipelineConfig config = new PipelineConfigLoader(Map.of("MEDALLION_ROOT", temp.resolve("lake").toString(), "MEDALLION_LANDING",
                data.toString()), List.of()).loadResource("conf/retail.yaml");

        Comparison sales = compare(config, "sales", csvFiles(data.resolve("sales")), "transaction_id", "transaction_id");
        Comparison inventory = compare(config, "inventory", csvFiles(data.resolve("inventory")), "movement_id", "movement_id");

        sales.assertSame();
        inventory.assertSame();
        assertThat(sales.duckDb().rowsRead()).as("every generated sales row").isEqualTo(generated.rowsBySource().get("sales"));
        assertThat(inventory.duckDb().rowsRead()).as("every generated inventory row").isEqualTo(generated.rowsBySource().get("inventory"));
        assertThat(sales.duckDb().rowsQuarantined() + inventory.duckDb().rowsQuarantined())
                .as("the generator's defects that bronze catches, counted over both sources").isEqualTo(generated.quarantinableDefects());
        assertThat(sales.duckDb().quarantinedByRule().keySet()).containsExactly(
                "sales.product_id.required", "sales.quantity.range", "sales.quantity.type", "sales.transaction_ts.required",
                "sales.transaction_ts.type", "sales.unit_price.type");
    }

    /** Medallion's and DuckDB's results for the same files, and each quarantined row's failed rules by key. */
    private record Comparison(BronzeResult medallion, DuckDbResult duckDb, Map<String, List<String>> medallionFailures,
            Map<String, List<String>> duckDbFailures) {
        void assertSame() {
            assertThat(duckDb.rowsRead()).as("rows read").isEqualTo(medallion.rowsRead());
            assertThat(duckDb.rowsValid()).as("valid rows").isEqualTo(medallion.rowsWritten());
            assertThat(duckDb.rowsQuarantined()).as("quarantined rows").isEqualTo(medallion.rowsQuarantined());
            assertThat(duckDb.quarantinedByRule()).as("quarantined rows by rule").isEqualTo(medallion.quarantinedByRule());
            assertThat(duckDbFailures).as("failed rules of each quarantined row").isEqualTo(medallionFailures);
        }
    }

    private Comparison compare(PipelineConfig config, String tableName, List<Path> files, String sparkKey, String duckDbKey) throws SQLException {
        TableConfig table = config.table(Layer.BRONZE, tableName).orElseThrow();
        SparkSession spark = medallionSession();
        RunResult run = new PipelineRun(spark, config).execute(RunOptions.defaults().withIngestDate(DAY).withTables(Set.of(tableName)));
        assertThat(run.succeeded()).as(run.toString()).isTrue();
        BronzeResult medallion = run.tables().get(0).result().orElseThrow();
        Map<String, List<String>> medallionFailures = new TreeMap<>();
        for (Row row : DeltaTables.read(spark, LakehouseLayout.at(config.root()).quarantine(table))
                .selectExpr(sparkKey, "_failed_rules").collectAsList()) {
            medallionFailures.put(row.getString(0), row.getList(1));
        }

        Path database = temp.resolve(tableName + ".duckdb");
        DuckDbResult duckDb = new DuckDbBronze(table, config.source(table.source().orElseThrow()), database).execute(files);
        Map<String, List<String>> duckDbFailures = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + duckDbKey + ", _failed_rules FROM quarantine_" + tableName)) {
            while (rows.next()) {
                duckDbFailures.put(rows.getString(1), Arrays.stream((Object[]) rows.getArray(2).getArray()).map(String.class::cast).toList());
            }
        }
        assertThat(duckDbFailures).as("one quarantined row per key").hasSize((int) duckDb.rowsQuarantined());
        return new Comparison(medallion, duckDb, medallionFailures, duckDbFailures);
    }

    /**
     * Medallion's own sessions (SparkSessions) parse declared datetime formats under the CORRECTED
     * policy; the shared test session keeps Spark's default, under which a timestamp such as
     * 2026-13-45 25:61:00 fails the whole read instead of its row. A new session shares the context.
     */
    private static SparkSession medallionSession() {
        SparkSession spark = SharedSpark.session().newSession();
        spark.conf().set("spark.sql.legacy.timeParserPolicy", "CORRECTED");
        return spark;
    }

    private static List<Path> csvFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
    }
}
