package io.medallion.bench;

import io.medallion.bench.duckdb.DuckDbBronze;
import io.medallion.jobs.generate.DataSize;
import io.medallion.jobs.generate.GenerateOptions;
import io.medallion.jobs.generate.RetailGenerator;
import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.quality.QualityGates;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Everything measured at one input size: retail data is generated once (three days of the given
 * size) plus an increment (a fourth day of 1% of that size); then each contender loads the three
 * days into a fresh table (the full run), and Medallion and the floor then load the increment (the
 * incremental run; DuckDB's alternative rebuilds its tables, so it has no incremental run).
 */
final class SizeRun {
    static final String FULL = "raw_to_bronze";
    static final String INCREMENTAL = "raw_to_bronze_incremental";
    /** The quality gates inside Medallion's full run: part of its time, reported on their own. */
    static final String GATES = "gates (in raw_to_bronze)";
    private static final int DAYS = 3;

    private final SparkSession spark;
    private final BenchmarkOptions options;
    private final String size;
    private final Path folder;

    SizeRun(SparkSession spark, BenchmarkOptions options, String size) {
        this.spark = spark;
        this.options = options;
        this.size = size;
        this.folder = options.outputDirectory().resolve(size);
    }

    List<StageTiming> execute() {
        Path landing = folder.resolve("landing");
        Path increment = folder.resolve("increment");
        generate(landing, increment);
        Path incrementFile = salesFiles(increment).get(0);
        Path landedIncrement = landing.resolve("sales").resolve(incrementFile.getFileName());
        BenchmarkFiles.deleteIfExists(landedIncrement);
        List<Path> fullFiles = salesFiles(landing);
        long fullBytes = bytes(fullFiles);
        long incrementBytes = bytes(List.of(incrementFile));

        Path medallionLake = BenchmarkFiles.fresh(folder.resolve("medallion"));
        PipelineConfig config = new PipelineConfigLoader(
                Map.of("MEDALLION_ROOT", medallionLake.toString(), "MEDALLION_LANDING", landing.toString()), List.of())
                .loadResource("conf/retail.yaml");
        TableConfig sales = config.table(Layer.BRONZE, "sales").orElseThrow();
        Path floorTable = BenchmarkFiles.fresh(folder.resolve("floor")).resolve("sales");
        List<StageTiming> timings = new ArrayList<>();
        StageClock clock = new StageClock(spark, size);

        TimedGates gates = new TimedGates(table -> QualityGates.forTable(spark, config, table, LakehouseLayout.at(config.root())));
        if (options.runs("medallion")) {
            // The tables sales' checks reference, loaded first and untimed, so its references checks do their joins.
            run(config, gates, LocalDate.of(2026, 2, 1), Set.of("products", "customers"));
            gates.reset();
            StageTiming full = clock.time(FULL, "medallion", fullBytes, () -> medallion(config, gates, LocalDate.of(2026, 2, 1)));
            timings.add(full);
            timings.add(new StageTiming(size, GATES, "medallion", gates.wall(), gates.cpu(), full.rows(), fullBytes, full.peakLiveHeapBytes()));
            System.out.printf("  %-6s %-26s %-10s %8.1f s %8.1f s CPU%n", size, GATES, "medallion", gates.wall().toNanos() / 1e9,
                    gates.cpu().toNanos() / 1e9);
        }
        if (options.runs("floor")) {
            FloorBronze floor = new FloorBronze(spark, sales);
            timings.add(clock.time(FULL, "floor", fullBytes, () -> floor.load(uris(fullFiles), floorTable.toUri().toString())));
        }
        if (options.runs("duckdb")) {
            Path database = BenchmarkFiles.fresh(folder.resolve("duckdb")).resolve("retail.duckdb");
            DuckDbBronze duckdb = new DuckDbBronze(sales, config.source("sales"), database);
            timings.add(clock.time(FULL, "duckdb", fullBytes, () -> duckdb.execute(fullFiles).rowsRead()));
        }
        copy(incrementFile, landedIncrement);
        if (options.runs("medallion")) {
            timings.add(clock.time(INCREMENTAL, "medallion", incrementBytes, () -> medallion(config, gates, LocalDate.of(2026, 2, 2))));
        }
        if (options.runs("floor")) {
            FloorBronze floor = new FloorBronze(spark, sales);
            timings.add(clock.time(INCREMENTAL, "floor", incrementBytes, () -> floor.load(uris(List.of(landedIncrement)), floorTable.toUri().toString())));
        }
        BenchmarkFiles.deleteIfExists(landedIncrement);
        return timings;
    }

    private long medallion(PipelineConfig config, TimedGates gates, LocalDate ingestDate) {
        BronzeResult sales = run(config, gates, ingestDate, Set.of("sales")).tables().get(0).result().orElseThrow();
        return sales.rowsRead();
    }

    private RunResult run(PipelineConfig config, TimedGates gates, LocalDate ingestDate, Set<String> tables) {
        RunResult result = new PipelineRun(spark, config, Map.of(), gates)
                .execute(RunOptions.defaults().withIngestDate(ingestDate).withTables(tables));
        if (!result.succeeded()) {
            throw new IllegalStateException("Medallion's run failed: " + result.tables());
        }
        return result;
    }

    private void generate(Path landing, Path increment) {
        long bytes = DataSize.parse(size);
        if (!Files.isDirectory(landing.resolve("sales"))) {
            RetailGenerator.generate(new GenerateOptions(landing.toString(), GenerateOptions.DEFAULT_SEED, bytes, DAYS,
                    GenerateOptions.DEFAULT_START_DATE, GenerateOptions.DEFAULT_DEFECT_RATE));
        }
        if (!Files.isDirectory(increment.resolve("sales"))) {
            RetailGenerator.generate(new GenerateOptions(increment.toString(), GenerateOptions.DEFAULT_SEED + 1,
                    Math.max(GenerateOptions.MINIMUM_SIZE_BYTES, bytes / 100), 1,
                    GenerateOptions.DEFAULT_START_DATE.plusDays(DAYS), GenerateOptions.DEFAULT_DEFECT_RATE));
        }
    }

    private static List<Path> salesFiles(Path root) {
        try (Stream<Path> files = Files.list(root.resolve("sales"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> uris(List<Path> files) {
        return files.stream().map(p -> p.toUri().toString()).toList();
    }

    private static long bytes(List<Path> files) {
        return files.stream().mapToLong(p -> p.toFile().length()).sum();
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
