package io.medallion.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.quality.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MedallionCliTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicInteger sessionsOpened = new AtomicInteger();

    private int run(String... args) {
        MedallionCli cli = new MedallionCli(conf -> {
            sessionsOpened.incrementAndGet();
            return SharedSpark.session();
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return cli.run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badConfigExitsTwoNamingTheKeyWithoutStartingSpark() throws IOException {
        Path config = temp.resolve("bad.yaml");
        Files.writeString(config, Files.readString(Path.of("../conf/retail.yaml")).replace("type: int, required: true, min: 1", "type: integr, required: true, min: 1"));

        int exitCode = run("validate", "--config", config.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr()).contains(config + ": bronze.sales.columns[5].type: `integr` is not a known type.");
        assertThat(sessionsOpened).hasValue(0);
    }

    @Test
    void aConfigThatIsNotUtf8IsBadConfig() throws IOException {
        Path config = temp.resolve("latin1.yaml");
        Files.write(config, "pipeline: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        int exitCode = run("validate", "--config", config.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr()).contains(config + ": is not UTF-8 text").contains("Save the file as UTF-8").doesNotContain("\tat ");
    }

    @Test
    void aConfOverrideThatIsNoKeyPathIsBadConfigAndOneWithoutItsEqualsSignIsNotRepeated() {
        int exitCode = run("validate", "--config", "../conf/retail.yaml", "--conf", ".=x", "--conf", "sources.crm.password:hunter2");

        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr()).contains("--conf: .: is not a key path").contains("--conf: #2: is not of the form key=value").doesNotContain("hunter2")
                .doesNotContain("\tat ");
    }

    @Test
    void generatingIntoAFileInsteadOfAFolderSaysSoWithoutAStackTrace() throws IOException {
        Path file = Files.writeString(temp.resolve("notes.txt"), "mine\n");

        int exitCode = run("generate", "--out", file.toString(), "--size", "1MB");

        assertThat(exitCode).isEqualTo(1);
        assertThat(stderr()).contains("Medallion could not read or write " + file).doesNotContain("\tat ").doesNotContain("bug");
        assertThat(Files.readString(file)).isEqualTo("mine\n");
    }

    @Test
    void validConfigValidatesWithoutStartingSpark() {
        int exitCode = run("validate", "--config", "../conf/retail.yaml", "--conf", "lakehouse.root=/tmp/lake");

        assertThat(exitCode).isZero();
        assertThat(stdout()).contains("is valid: pipeline retail, 6 sources, 6 bronze, 5 silver tables, 4 gold models, 2 export targets, lakehouse /tmp/lake");
        assertThat(sessionsOpened).hasValue(0);
    }

    @Test
    void unknownTableIsBadUsage() {
        int exitCode = run("run", "--config", "../conf/retail.yaml", "--tables", "orders");

        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr()).contains("--tables names orders, which ../conf/retail.yaml does not declare. Declared tables: sales, inventory, products, customers, campaigns, customer_changes");
    }

    @Test
    void aTableNamedWithAnotherLayerIsBadUsage() {
        int exitCode = run("run", "--config", "../conf/retail.yaml", "--tables", "gold.sales");

        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr()).contains("--tables names gold.sales, which ../conf/retail.yaml does not declare.")
                .contains("(each may also be named with its layer, as in bronze.sales)");
    }

    @Test
    void aSparkSettingSparkRefusesIsBadUsageNamingItAndNothingRuns() {
        int exitCode = run("run", "--config", "../conf/retail.yaml", "--conf", "lakehouse.root=" + temp.resolve("lake"),
                "--conf", "spark.sql.shuffle.partitions=lots");

        assertThat(exitCode).isEqualTo(2);
        assertThat(stderr()).contains("--conf spark.sql.shuffle.partitions: ").contains("Fix the value or remove the setting").doesNotContain("\tat ");
        assertThat(temp.resolve("lake")).doesNotExist();

        // A session that does not start at all (a master URL Spark cannot parse, say), with settings given.
        MedallionCli refusing = new MedallionCli(conf -> {
            throw new IllegalArgumentException("Could not parse Master URL: 'nowhere'");
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertThat(refusing.run(new String[] {"run", "--config", "../conf/retail.yaml", "--conf", "spark.master=nowhere"})).isEqualTo(2);
        assertThat(stderr()).contains("Spark did not start with the settings [spark.master]: Could not parse Master URL: 'nowhere'")
                .doesNotContain("\tat ");

        // A failure that names no setting given is the job failing (exit 1), for a scheduler to retry.
        MedallionCli unavailable = new MedallionCli(conf -> {
            throw new IllegalStateException("Cannot connect to the cluster manager");
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertThat(unavailable.run(new String[] {"run", "--config", "../conf/retail.yaml", "--conf", "spark.sql.shuffle.partitions=8"})).isEqualTo(1);
    }

    @Test
    void aBadSettingOfHowManyTablesLoadAtOnceIsBadConfigAndNothingRuns() {
        SharedSpark.session().conf().set("spark.medallion.run.parallelTables", "many");
        try {
            int exitCode = run("run", "--config", "../conf/retail.yaml", "--conf", "lakehouse.root=" + temp.resolve("lake"));

            assertThat(exitCode).isEqualTo(2);
            assertThat(stderr()).contains("spark.medallion.run.parallelTables takes a number of tables (0 or 1 loads them one by one); got 'many'");
            assertThat(temp.resolve("lake")).doesNotExist();
        } finally {
            SharedSpark.session().conf().unset("spark.medallion.run.parallelTables");
        }
    }

    @Test
    void demoLoadsSalesWithNothingLostAndARerunAddsNothing() {
        Path workdir = temp.resolve("demo");

        int first = run("demo", "--workdir", workdir.toString(), "--size", "300KB", "--days", "2");

        assertThat(first).as(stderr()).isZero();
        LakehouseLayout layout = LakehouseLayout.at(workdir.resolve("lakehouse").toString());
        long bronze = DeltaTables.read(SharedSpark.session(), layout.table(Layer.BRONZE, "sales")).count();
        long quarantined = DeltaTables.read(SharedSpark.session(), TableRef.atPath(layout.root() + "/quarantine/sales")).count();
        long sourceRows = countCsvRows(workdir.resolve("landing/sales"));
        assertThat(bronze + quarantined).as("every generated sales row is in bronze or quarantine").isEqualTo(sourceRows);
        assertThat(quarantined).isPositive();
        for (String table : List.of("inventory", "products", "customers", "campaigns", "customer_changes")) {
            assertThat(DeltaTables.read(SharedSpark.session(), layout.table(Layer.BRONZE, table)).count()).as(table).isPositive();
        }
        assertThat(stdout()).contains("Medallion retail run").contains("succeeded").contains("bronze.sales").contains("Quarantined by rule:");

        int second = run("demo", "--workdir", workdir.toString(), "--size", "300KB", "--days", "2");

        assertThat(second).isZero();
        assertThat(DeltaTables.read(SharedSpark.session(), layout.table(Layer.BRONZE, "sales")).count()).isEqualTo(bronze);
        assertThat(stdout()).contains("Using the data already generated in");
        List<Row> audit = DeltaTables.read(SharedSpark.session(), TableRef.atPath(layout.system("audit")))
                .filter("table_name = 'sales'").orderBy("started_at").select("status").collectAsList();
        assertThat(audit).extracting(r -> r.getString(0)).containsExactly("SUCCEEDED", "SKIPPED");
        assertNotebookQueriesRun(layout.root());
    }

    @Test
    void anInjectedDefectStopsOnlyTheTableItBreaksAndItsMetricsAccumulateAcrossRuns() throws IOException {
        Path workdir = temp.resolve("defect");
        LakehouseLayout layout = LakehouseLayout.at(workdir.resolve("lakehouse").toString());

        int first = run("demo", "--workdir", workdir.toString(), "--size", "300KB", "--days", "2", "--inject", "duplicate-transactions");

        assertThat(first).as(stdout()).isEqualTo(1);
        assertThat(stdout()).contains("Injected defect duplicate-transactions").contains("bronze.sales               FAILED")
                .contains("uniqueness_transaction_id (uniqueness, error): Uniqueness 0.9").contains("needs >= 0.9900");
        assertThat(DeltaTables.exists(SharedSpark.session(), layout.table(Layer.BRONZE, "sales"))).as("nothing of sales was committed").isFalse();
        for (String table : List.of("inventory", "products", "customers", "campaigns", "customer_changes")) {
            assertThat(DeltaTables.read(SharedSpark.session(), layout.table(Layer.BRONZE, table)).count()).as(table).isPositive();
        }
        Path report = Path.of(java.net.URI.create(stdout().lines().filter(l -> l.startsWith("Quality report: ")).findFirst().orElseThrow()
                .substring("Quality report: ".length())));
        assertThat(Files.readString(report)).contains("## bronze.sales").contains("| uniqueness_transaction_id | error | Uniqueness |");

        int second = run("demo", "--workdir", workdir.toString(), "--size", "300KB", "--days", "2");

        assertThat(second).as("the same files, duplicates included, are loaded again and stopped again").isEqualTo(1);
        JsonNode metrics = new ObjectMapper().readTree(Files.readString(Path.of(java.net.URI.create(
                layout.system("quality/metrics/bronze/sales.blocked.json")))));
        assertThat(metrics).as("one metrics entry per blocked sales batch, kept apart from the history anomaly checks read").hasSize(2);
        assertThat(Path.of(java.net.URI.create(layout.system("quality/metrics/bronze/sales.json")))).doesNotExist();
        assertThat(metrics.get(0).at("/resultKey/tags/batch_id").asText()).isNotEqualTo(metrics.get(1).at("/resultKey/tags/batch_id").asText());
    }

    /** Every query of the shipped notebook runs against a real lakehouse and finds rows. */
    private static void assertNotebookQueriesRun(String root) {
        String notebook;
        try {
            notebook = Files.readString(Path.of("../notebooks/explore_lakehouse.sql"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> cells = java.util.Arrays.stream(notebook.split("-- COMMAND ----------"))
                .skip(1)
                .map(cell -> cell.lines().filter(line -> !line.startsWith("--")).collect(java.util.stream.Collectors.joining("\n")).trim())
                .map(cell -> cell.endsWith(";") ? cell.substring(0, cell.length() - 1) : cell)
                .toList();
        assertThat(cells.get(0)).startsWith("SET root");
        SharedSpark.session().sql("SET root = " + root);
        for (String query : cells.subList(1, cells.size())) {
            long rows = SharedSpark.session().sql(query).count();
            if (query.contains("._file.")) {
                assertThat(rows).as("the demo data has no unreadable files: " + query).isZero();
            } else {
                assertThat(rows).as(query).isPositive();
            }
        }
    }

    private static long countCsvRows(Path folder) {
        try (var files = Files.list(folder)) {
            return files.mapToLong(file -> {
                try (var lines = Files.lines(file)) {
                    return lines.skip(1).filter(line -> !line.isBlank()).count();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
