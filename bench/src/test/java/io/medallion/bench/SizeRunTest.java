package io.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.jdbc.TestDatabase;
import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One size of the benchmark: every stage is timed for its contenders, and the silver contenders build the same sales fact. */
class SizeRunTest {
    private static final String SIZE = "1MB";
    private static final String FACT_COLUMNS = "transaction_id, dim_customer_valid_from, dim_product_valid_from";
    /** The columns the gold contenders must agree on, by mart (Medallion's daily_sales also keeps the time of its newest line). */
    private static final Map<String, String> MART_COLUMNS = Map.of(
            "daily_sales", "sale_date, store_id, channel, lines, customers, units, gross_revenue, net_revenue",
            "category_sales", "sale_month, category, products, units, net_revenue",
            "customer_value", "customer_id, loyalty_tier, country, city, is_deleted, orders, units, net_revenue, first_purchase, last_purchase");

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    @Test
    void timesEveryStageAndTheContendersBuildTheSameSalesFact() throws SQLException {
        BenchmarkOptions options = new BenchmarkOptions(List.of(SIZE), temp, BenchmarkOptions.ALL_CONTENDERS, 1, 0, 1, false);
        TestDatabase postgres = TestDatabase.fromEnvironment();
        ExportDatabase exportDatabase = new ExportDatabase(postgres.url(), postgres.user(), postgres.password());
        List<StageTiming> timings = withCorrectedTimeParsing(() -> new SizeRun(spark, options, SIZE, Optional.of(exportDatabase)).execute());

        Map<String, List<String>> contendersByStage = timings.stream().collect(Collectors.groupingBy(StageTiming::stage,
                Collectors.mapping(StageTiming::contender, Collectors.toList())));
        assertThat(contendersByStage).containsOnlyKeys(SizeRun.DIMENSIONS, SizeRun.FULL, SizeRun.GATES, SizeRun.INCREMENTAL, SizeRun.SILVER,
                SizeRun.SILVER_INCREMENTAL, SizeRun.DIMENSIONS_INCREMENTAL, SizeRun.GOLD, SizeRun.GOLD_INCREMENTAL, SizeRun.EXPORT, SizeRun.EXPORT_INCREMENTAL);
        assertThat(contendersByStage.get(SizeRun.DIMENSIONS)).containsExactly("medallion");
        assertThat(contendersByStage.get(SizeRun.DIMENSIONS_INCREMENTAL)).containsExactly("medallion");
        assertThat(contendersByStage.get(SizeRun.FULL)).containsExactly("medallion", "floor", SizeRun.FLOOR_TRACED, "duckdb");
        assertThat(contendersByStage.get(SizeRun.SILVER)).containsExactly("medallion", "floor", "duckdb");
        assertThat(contendersByStage.get(SizeRun.SILVER_INCREMENTAL)).containsExactly("medallion", "floor");
        assertThat(contendersByStage.get(SizeRun.GOLD)).containsExactly("medallion", "floor", "duckdb");
        assertThat(contendersByStage.get(SizeRun.GOLD_INCREMENTAL)).containsExactly("medallion", "floor");
        assertThat(contendersByStage.get(SizeRun.EXPORT)).containsExactly("medallion", "floor", "duckdb");
        assertThat(contendersByStage.get(SizeRun.EXPORT_INCREMENTAL)).containsExactly("medallion", "floor");

        // The floor's and DuckDB's full loads keep one row per transaction, with the same lookups.
        Path folder = temp.resolve(SIZE);
        List<String> floorAfterIncrement = delta(folder.resolve("floor/fact_sales"));
        long floorFull = rows(timings, SizeRun.SILVER, "floor");
        long floorIncrement = rows(timings, SizeRun.SILVER_INCREMENTAL, "floor");
        assertThat(floorFull).isGreaterThan(1_000);
        assertThat(floorIncrement).isPositive();
        assertThat(floorAfterIncrement).hasSize((int) (floorFull + floorIncrement)).doesNotHaveDuplicates();
        // The traced floor holds the floor's rows, each with its file and the batch's values, in partitions by ingest date.
        Dataset<Row> traced = spark.read().format("delta").load(folder.resolve("floor/sales_traced").toString());
        assertThat(traced.count()).isEqualTo(rows(timings, SizeRun.FULL, "floor")).isEqualTo(rows(timings, SizeRun.FULL, SizeRun.FLOOR_TRACED));
        assertThat(traced.filter("_source_file LIKE '%/sales/%.csv' AND _batch_id = concat('sales-', _run_id) AND _ingested_at IS NOT NULL"
                + " AND _ingest_date = DATE'2026-02-01' AND _rescued_data IS NULL").count()).isEqualTo(traced.count());
        Row detail = DeltaTable.forPath(spark, folder.resolve("floor/sales_traced").toString()).detail().first();
        assertThat(detail.<String>getList(detail.fieldIndex("partitionColumns")))
                .containsExactly("_ingest_date");
        List<String> duckDb = duckDb(folder.resolve("duckdb/retail.duckdb"));
        assertThat(duckDb).hasSize((int) floorFull).isSubsetOf(floorAfterIncrement);
        // The increment's dimension files are a day of changes to the same customers: loaded, they open versions in dim_customer that
        // begin after the full days' last snapshot (their changes happened during that day), and the increment's sales look them up.
        assertThat(rows(timings, SizeRun.DIMENSIONS_INCREMENTAL, "medallion")).isPositive().isLessThan(rows(timings, SizeRun.DIMENSIONS, "medallion"));
        Dataset<Row> customers = spark.read().format("delta").load(folder.resolve("medallion/silver/dim_customer").toString());
        assertThat(customers.filter("effective_from >= TIMESTAMP'2026-01-03 00:00:00'").count()).isPositive();
        assertThat(customers.filter("effective_from < TIMESTAMP'2026-01-03 00:00:00'").count()).isGreaterThanOrEqualTo(200);
        // Deletes come only from the change feed (Avro), so the feed was read, not quarantined as unreadable.
        assertThat(customers.filter("is_deleted").count()).isPositive();
        // Medallion's fact, after both days, holds the same transactions with the same dimension versions as the floor's.
        assertThat(delta(folder.resolve("medallion/silver/fact_sales"))).isEqualTo(floorAfterIncrement);
        assertThat(rows(timings, SizeRun.SILVER, "duckdb")).isEqualTo(floorFull);
        // Medallion's marts (the dbt models; daily_sales merged by day on the increment) equal the floor's, rebuilt from the same fact;
        // DuckDB's, from its own fact of the full days, count each of its lines once.
        for (String mart : FloorGold.MARTS) {
            assertThat(delta(folder.resolve("medallion/gold/" + mart), MART_COLUMNS.get(mart))).as(mart)
                    .isNotEmpty().isEqualTo(delta(folder.resolve("floor/gold/" + mart), MART_COLUMNS.get(mart)));
        }
        assertThat(spark.read().format("delta").load(folder.resolve("medallion/gold/daily_sales").toString()).selectExpr("sum(lines)").first().getLong(0))
                .isEqualTo(floorFull + floorIncrement);
        assertThat(duckDbLong(folder.resolve("duckdb/retail.duckdb"), "SELECT sum(lines) FROM daily_sales")).isEqualTo(floorFull);
        // Each contender's copy in PostgreSQL holds its marts: Medallion's and the floor's after the increment, DuckDB's after the full days.
        assertThat(postgresLong(postgres, "SELECT sum(lines) FROM bench_1mb.daily_sales")).isEqualTo(floorFull + floorIncrement);
        assertThat(postgresLong(postgres, "SELECT sum(lines) FROM bench_1mb.floor_daily_sales")).isEqualTo(floorFull + floorIncrement);
        assertThat(postgresLong(postgres, "SELECT sum(lines) FROM bench_1mb.duckdb_daily_sales")).isEqualTo(floorFull);
        assertThat(postgresLong(postgres, "SELECT count(*) FROM bench_1mb.customer_value"))
                .isEqualTo(spark.read().format("delta").load(folder.resolve("medallion/gold/customer_value").toString()).count());
        assertThat(rows(timings, SizeRun.EXPORT_INCREMENTAL, "medallion")).as("every mart changed with the day, so all three are copied")
                .isEqualTo(rows(timings, SizeRun.EXPORT_INCREMENTAL, "floor"));
        assertThat(duckDbLong(folder.resolve("duckdb/retail.duckdb"), "SELECT sum(units) FROM category_sales"))
                .isEqualTo(duckDbLong(folder.resolve("duckdb/retail.duckdb"), "SELECT sum(units) FROM daily_sales"));
    }

    /** As {@link Benchmark} runs: the floor's CSV reader fails the whole job on a malformed timestamp under Spark's default policy. */
    private <T> T withCorrectedTimeParsing(java.util.function.Supplier<T> work) {
        String key = "spark.sql.legacy.timeParserPolicy";
        String before = spark.conf().get(key);
        spark.conf().set(key, "CORRECTED");
        try {
            return work.get();
        } finally {
            spark.conf().set(key, before);
        }
    }

    private static long rows(List<StageTiming> timings, String stage, String contender) {
        return timings.stream().filter(t -> t.stage().equals(stage) && t.contender().equals(contender)).findFirst().orElseThrow().rows();
    }

    private List<String> delta(Path table) {
        return delta(table, FACT_COLUMNS);
    }

    private List<String> delta(Path table, String columns) {
        Dataset<Row> rows = spark.read().format("delta").load(table.toString()).selectExpr(columns.split(", "));
        return rows.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    private static long postgresLong(TestDatabase database, String query) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static long duckDbLong(Path database, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static List<String> duckDb(Path database) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT " + FACT_COLUMNS + " FROM fact_sales")) {
            List<String> rows = new ArrayList<>();
            while (result.next()) {
                rows.add("[" + result.getString(1) + "," + timestamp(result.getObject(2)) + "," + timestamp(result.getObject(3)) + "]");
            }
            return rows.stream().sorted().toList();
        }
    }

    private static Object timestamp(Object value) {
        return value instanceof java.time.LocalDateTime t ? java.sql.Timestamp.valueOf(t) : value;
    }
}
