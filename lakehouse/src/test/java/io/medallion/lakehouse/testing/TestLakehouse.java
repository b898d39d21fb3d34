package io.medallion.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.delta.DeltaTables;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import io.medallion.quality.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A lakehouse in a temp folder for tests: a landing folder per source under {@code ${LANDING}}, the
 * root under {@code ${ROOT}}, a pipeline parsed from YAML text that uses both, and the tables it wrote.
 */
public final class TestLakehouse {
    public static final LocalDate DAY = LocalDate.of(2026, 1, 5);

    private final SparkSession spark = SharedSpark.session();
    private final Path folder;

    public TestLakehouse(Path folder) {
        this.folder = folder;
    }

    public PipelineConfig config(String yaml) {
        return new PipelineConfigLoader(Map.of("ROOT", folder.resolve("lake").toString(), "LANDING", folder.resolve("landing").toString()),
                List.of()).parse(yaml, "test.yaml");
    }

    public RunResult run(String yaml, RunOptions options) {
        return new PipelineRun(spark, config(yaml)).execute(options);
    }

    /** Runs the pipeline for {@link #DAY} and returns the first table's result, failing when the run failed. */
    public BronzeResult load(String yaml) {
        RunResult result = run(yaml, RunOptions.defaults().withIngestDate(DAY));
        assertThat(result.succeeded()).as(result.tables().toString()).isTrue();
        return result.tables().get(0).result().orElseThrow();
    }

    /** The landing folder of a source, created. */
    public Path landing(String source) {
        try {
            return Files.createDirectories(folder.resolve("landing").resolve(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LakehouseLayout layout() {
        return LakehouseLayout.at(folder.resolve("lake").toString());
    }

    /** A table by its folder under the root, e.g. {@code bronze/items} or {@code quarantine/items}. */
    public Dataset<Row> table(String path) {
        return DeltaTables.read(spark, TableRef.atPath(layout().root() + "/" + path));
    }
}
