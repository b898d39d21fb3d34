package io.medallion.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.quality.gate.CheckOutcome;
import io.medallion.quality.gate.CheckStatus;
import io.medallion.quality.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated change feed through conf/retail.yaml into bronze.customer_changes: every Avro row, typed, none quarantined. */
class CustomerChangesBronzeTest {
    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path temp;

    @Test
    void theFeedLoadsIntoBronzeRowForRowWithChangedAtAsUpdatedAt() {
        Path landing = temp.resolve("landing");
        GenerationResult generated = RetailGenerator.generate(new GenerateOptions(landing.toString(), 11, 400_000, 3, START, 0.02));
        PipelineConfig config = new PipelineConfigLoader(Map.of("MEDALLION_ROOT", temp.resolve("lake").toString(), "MEDALLION_LANDING", landing.toString()),
                List.of()).load(Path.of("../conf/retail.yaml"));

        RunResult run = new PipelineRun(spark, config).execute(RunOptions.defaults().withTables(Set.of("customer_changes")));

        assertThat(run.succeeded()).as(run.tables().toString()).isTrue();
        BronzeResult result = run.tables().get(0).result().orElseThrow();
        long feedRows = generated.rowsBySource().get("customer_changes");
        assertThat(result.filesRead()).as("no file on the first day").isEqualTo(2);
        assertThat(result.rowsRead()).isEqualTo(feedRows);
        assertThat(result.rowsWritten()).isEqualTo(feedRows);
        assertThat(result.rowsQuarantined()).isZero();
        assertThat(result.schemaChanges()).isEmpty();

        List<String> expected = new ArrayList<>();
        for (int day = 1; day < 3; day++) {
            for (GenericRecord record : GeneratedData.avroRows(GeneratedData.file(landing, "customer_changes", START.plusDays(day), "avro"))) {
                expected.add(record.get("change_id") + "|" + record.get("op") + "|" + record.get("customer_id") + "|" + record.get("changed_at")
                        + "|" + record.get("email") + "|" + record.get("birth_date") + "|" + START.plusDays(day));
            }
        }
        List<String> loaded = DeltaTables.read(spark, LakehouseLayout.at(temp.resolve("lake").toString()).table(Layer.BRONZE, "customer_changes"))
                .selectExpr("change_id", "op", "customer_id", "unix_micros(updated_at)", "email", "unix_date(birth_date)", "string(_ingest_date)")
                .collectAsList().stream().map(CustomerChangesBronzeTest::joined).toList();
        assertThat(loaded).containsExactlyInAnyOrderElementsOf(expected);

        CheckOutcome uniqueness = result.quality().outcomes().stream().filter(o -> o.checkId().equals("uniqueness_change_id")).findFirst().orElseThrow();
        assertThat(uniqueness.value().orElseThrow()).as("re-delivered events repeat their change id").isLessThan(1.0);
        assertThat(uniqueness.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.quality().outcomes()).filteredOn(o -> o.checkId().equals("delete_carries_no_values"))
                .extracting(CheckOutcome::status).containsExactly(CheckStatus.PASSED);
    }

    private static String joined(Row row) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < row.length(); i++) {
            fields.add(String.valueOf(row.get(i)));
        }
        return String.join("|", fields);
    }
}
