package io.medallion.lakehouse.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.export.ExportResult;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.lakehouse.run.TableOutcome;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables copied to a real PostgreSQL server after a run: whole, only when changed, never half. */
class JdbcExportTest {
    private final SparkSession spark = SharedSpark.session();
    private final TestDatabase database = TestDatabase.fromEnvironment();

    @TempDir
    Path temp;

    private String target;

    @BeforeEach
    void setUp() throws IOException {
        target = TestDatabase.uniqueTable("sales_export");
        Files.createDirectories(temp.resolve("landing"));
    }

    @AfterEach
    void tearDown() throws SQLException {
        database.execute("DROP SCHEMA IF EXISTS " + target + "_elsewhere CASCADE", "DROP VIEW IF EXISTS " + target + "_big", "DROP TABLE IF EXISTS " + target, "DROP TABLE IF EXISTS " + target + "_medallion_stage");
    }

    private PipelineConfig config(String to) {
        return config(to, database.url());
    }

    private PipelineConfig config(String to, String url) {
        String yaml = """
                pipeline: shop
                lakehouse: {root: "%s"}
                sources:
                  sales: {location: "%s", format: csv, files: "*.csv", options: {header: "true"}}
                bronze:
                  sales:
                    source: sales
                    columns: [{name: id, type: string, required: true}, {name: amount, type: "decimal(8,2)"}, {name: day, type: date}]
                silver:
                  sales: {from: sales, load: append, keys: [id]}
                exports:
                  reporting:
                    type: jdbc
                    url: ${PG_URL}
                    user: ${PG_USER}
                    password: ${PG_PASSWORD}
                    tables: [{from: silver.sales, to: %s}]
                  laptop_off:
                    type: snowflake
                    enabled: false
                    options: {sfURL: example.snowflakecomputing.com, sfUser: u, sfDatabase: d, sfSchema: s}
                    tables: [{from: silver.sales, to: sales}]
                """.formatted(temp.resolve("lake"), temp.resolve("landing"), to);
        return new PipelineConfigLoader(Map.of("PG_URL", url, "PG_USER", database.user(), "PG_PASSWORD", database.password()), List.of())
                .parse(yaml, "shop.yaml");
    }

    private RunResult run(PipelineConfig config) {
        return new PipelineRun(spark, config).execute(RunOptions.defaults().withIngestDate(LocalDate.of(2026, 1, 8)));
    }

    private void land(String name, String rows) throws IOException {
        Files.writeString(temp.resolve("landing").resolve(name), "id,amount,day\n" + rows);
    }

    private List<String> rows(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    values.add(String.valueOf(result.getObject(i)));
                }
                rows.add(String.join("|", values));
            }
            return rows;
        }
    }

    @Test
    void aTableIsCopiedWholeOnlyWhenItChangedAndWhatReadsItSurvives() throws IOException, SQLException {
        PipelineConfig config = config(target);
        land("day1.csv", "A1,10.50,2026-01-05\nA2,3.00,2026-01-06\n");
        // A table of the same name in another schema is not the target: the first copy still creates it in the connection's schema.
        database.execute("CREATE SCHEMA IF NOT EXISTS " + target + "_elsewhere", "CREATE TABLE " + target + "_elsewhere." + target + " (id text)");

        RunResult first = run(config);

        assertThat(first.succeeded()).isTrue();
        assertThat(first.exports()).as("a disabled target is not written").hasSize(1);
        ExportResult copied = first.exports().get(0).result().orElseThrow();
        assertThat(copied.action()).isEqualTo(ExportResult.Action.COPIED);
        assertThat(copied.rows()).isEqualTo(2);
        assertThat(rows("SELECT id, amount, day FROM " + target + " ORDER BY id")).containsExactly("A1|10.50|2026-01-05", "A2|3.00|2026-01-06");
        assertThat(rows("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + target + "_medallion_stage'"))
                .as("the stage is dropped").containsExactly("0");
        // A view on the target, as a reporting tool would make; a copy that dropped and re-created the table would fail on it.
        database.execute("CREATE VIEW " + target + "_big AS SELECT id FROM " + target + " WHERE amount > 5");

        RunResult again = run(config);

        assertThat(again.exports().get(0).result().orElseThrow().action()).isEqualTo(ExportResult.Action.UP_TO_DATE);

        land("day2.csv", "A3,7.25,2026-01-07\n");
        RunResult next = run(config);

        assertThat(next.succeeded()).isTrue();
        assertThat(next.exports().get(0).result().orElseThrow().rows()).isEqualTo(3);
        assertThat(rows("SELECT id FROM " + target + " ORDER BY id")).containsExactly("A1", "A2", "A3");
        assertThat(rows("SELECT id FROM " + target + "_big ORDER BY id")).containsExactly("A1", "A3");
    }

    @Test
    void aCopyThatFailsLeavesTheTargetAsItWasAndSaysWhereWithoutThePassword() throws IOException, SQLException {
        database.execute("CREATE TABLE " + target + " (id varchar(10), amount numeric(8, 2))",
                "INSERT INTO " + target + " VALUES ('OLD', 1.00)");
        land("day1.csv", "A1,10.50,2026-01-05\n");

        RunResult result = run(config(target));

        assertThat(result.succeeded()).isFalse();
        TableOutcome<ExportResult> failed = result.exports().get(0);
        assertThat(failed.table()).isEqualTo("export.reporting." + target);
        assertThat(failed.error().orElseThrow()).contains("export reporting could not copy silver.sales to " + target)
                .contains("has no columns day, _ingested_at, which the copied table has now").contains("or drop " + target + " so that the next copy creates it")
                .contains("The target table was left as it was").doesNotContain(database.password());
        assertThat(rows("SELECT id, amount FROM " + target)).containsExactly("OLD|1.00");

        // The way out the message gives: dropped, the target is created again with the table's columns.
        database.execute("DROP TABLE " + target);
        RunResult again = run(config(target));

        assertThat(again.exports().get(0).result().orElseThrow().action()).isEqualTo(ExportResult.Action.COPIED);
        assertThat(rows("SELECT id, amount, day FROM " + target)).containsExactly("A1|10.50|2026-01-05");
    }

    @Test
    void aTargetPointedAtAnotherDatabaseCopiesThereRatherThanCallingItUpToDate() throws IOException, SQLException {
        land("day1.csv", "A1,10.50,2026-01-05\n");
        assertThat(run(config(target)).exports().get(0).result().orElseThrow().action()).isEqualTo(ExportResult.Action.COPIED);
        // The same server under another address stands in for another database: what the copy recorded no longer names it.
        String elsewhere = database.url().contains("localhost") ? database.url().replace("localhost", "127.0.0.1")
                : database.url().replace("127.0.0.1", "localhost");
        assertThat(elsewhere).isNotEqualTo(database.url());
        database.execute("DROP TABLE " + target);

        RunResult moved = run(config(target, elsewhere));

        assertThat(moved.exports().get(0).result().orElseThrow().action()).isEqualTo(ExportResult.Action.COPIED);
        assertThat(rows("SELECT id FROM " + target)).containsExactly("A1");
        assertThat(run(config(target, elsewhere)).exports().get(0).result().orElseThrow().action()).isEqualTo(ExportResult.Action.UP_TO_DATE);
    }
}
