package io.medallion.bench;

import io.medallion.bench.duckdb.DuckDbBronze;
import io.medallion.bench.duckdb.DuckDbFacts;
import io.medallion.jobs.generate.DataSize;
import io.medallion.jobs.generate.GenerateOptions;
import io.medallion.jobs.generate.RetailGenerator;
import io.medallion.lakehouse.bronze.BronzeResult;
import io.medallion.lakehouse.config.Layer;
import io.medallion.lakehouse.config.PipelineConfig;
import io.medallion.lakehouse.config.PipelineConfigLoader;
import io.medallion.lakehouse.config.TableConfig;
import io.medallion.lakehouse.delta.DeltaVersions;
import io.medallion.lakehouse.layout.LakehouseLayout;
import io.medallion.lakehouse.layout.TableRef;
import io.medallion.lakehouse.quality.QualityGates;
import io.medallion.lakehouse.run.PipelineRun;
import io.medallion.lakehouse.run.RunOptions;
import io.medallion.lakehouse.run.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * days of sales into a fresh table (the full run) and builds the sales fact from it (silver: one
 * row per transaction, with the customer's and product's version at the time of sale), and
 * Medallion and the floor then load the increment through both layers (the incremental run;
 * DuckDB's alternative rebuilds its tables, so it has no incremental run). The dimensions the fact
 * looks up are Medallion's silver tables, built untimed first; every contender reads the same ones.
 * The floor's fact reads Medallion's bronze sales (so it is timed only when Medallion runs too).
 */
final class SizeRun {
    static final String FULL = "raw_to_bronze";
    static final String INCREMENTAL = "raw_to_bronze_incremental";
    /** The quality gates inside Medallion's full run: part of its time, reported on their own. */
    static final String GATES = "gates (in raw_to_bronze)";
    /** The sales fact from bronze: one row per transaction, with the customer's and product's version at the time of sale. */
    static final String SILVER = "bronze_to_silver";
    static final String SILVER_INCREMENTAL = "bronze_to_silver_incremental";
    /** The floor's full load with Medallion's trace columns and partitioning: lineage's share of Medallion's overhead. */
    static final String FLOOR_TRACED = "floor+trace";
    private static final String FACT = "fact_sales";
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
        // The tables sales' checks reference, and the dimensions every contender's fact looks up, loaded first and untimed.
        run(config, gates, LocalDate.of(2026, 2, 1), Set.of("products", "customers", "dim_customer", "dim_product"));
        gates.reset();
        LakehouseLayout layout = LakehouseLayout.at(config.root());
        String dimCustomer = layout.table(Layer.SILVER, "dim_customer").path();
        String dimProduct = layout.table(Layer.SILVER, "dim_product").path();
        FloorFacts floorFacts = new FloorFacts(spark, dimCustomer, dimProduct);
        String floorFact = folder.resolve("floor").resolve(FACT).toUri().toString();
        // Every contender's fact reads the same bronze rows, the valid ones: Medallion's bronze table (the floor's own keeps
        // rows it could not type) and DuckDB's table, which holds the same rows (DuckDbBronzeMatchesMedallionTest).
        TableRef bronzeSales = layout.table(sales);
        long bronzeVersion = -1;
        if (options.runs("medallion")) {
            StageTiming full = clock.time(FULL, "medallion", fullBytes, () -> medallion(config, gates, LocalDate.of(2026, 2, 1)));
            timings.add(full);
            timings.add(new StageTiming(size, GATES, "medallion", gates.wall(), gates.cpu(), full.rows(), fullBytes, full.peakLiveHeapBytes()));
            System.out.printf("  %-6s %-26s %-10s %8.1f s %8.1f s CPU%n", size, GATES, "medallion", gates.wall().toNanos() / 1e9,
                    gates.cpu().toNanos() / 1e9);
            bronzeVersion = DeltaVersions.current(spark, bronzeSales);
            timings.add(clock.time(SILVER, "medallion", fullBytes, () -> medallionFact(config, gates, LocalDate.of(2026, 2, 1))));
        }
        long factFrom = bronzeVersion;
        FloorBronze floor = new FloorBronze(spark, sales);
        String floorBronze = floorTable.toUri().toString();
        if (options.runs("floor")) {
            timings.add(clock.time(FULL, "floor", fullBytes, () -> floor.load(uris(fullFiles), floorBronze)));
            String tracedBronze = folder.resolve("floor").resolve("sales_traced").toUri().toString();
            timings.add(clock.time(FULL, FLOOR_TRACED, fullBytes, () -> floor.loadWithTrace(uris(fullFiles), tracedBronze, LocalDate.of(2026, 2, 1))));
            if (factFrom >= 0) {
                timings.add(clock.time(SILVER, "floor", fullBytes, () -> floorFacts.build(bronzeSales.path(), factFrom, floorFact)));
            }
        }
        if (options.runs("duckdb")) {
            Path database = BenchmarkFiles.fresh(folder.resolve("duckdb")).resolve("retail.duckdb");
            DuckDbBronze duckdb = new DuckDbBronze(sales, config.source("sales"), database);
            timings.add(clock.time(FULL, "duckdb", fullBytes, () -> duckdb.execute(fullFiles).rowsRead()));
            DuckDbFacts facts = new DuckDbFacts(database, duckdb.bronzeTable());
            facts.loadDimension("dim_customer", versionsAsParquet(dimCustomer, "customer_id", folder.resolve("duckdb").resolve("dim_customer")));
            facts.loadDimension("dim_product", versionsAsParquet(dimProduct, "product_id", folder.resolve("duckdb").resolve("dim_product")));
            timings.add(clock.time(SILVER, "duckdb", fullBytes, facts::build));
        }
        copy(incrementFile, landedIncrement);
        if (options.runs("medallion")) {
            timings.add(clock.time(INCREMENTAL, "medallion", incrementBytes, () -> medallion(config, gates, LocalDate.of(2026, 2, 2))));
            timings.add(clock.time(SILVER_INCREMENTAL, "medallion", incrementBytes, () -> medallionFact(config, gates, LocalDate.of(2026, 2, 2))));
        }
        if (options.runs("floor")) {
            timings.add(clock.time(INCREMENTAL, "floor", incrementBytes, () -> floor.load(uris(List.of(landedIncrement)), floorBronze)));
            if (factFrom >= 0) {
                timings.add(clock.time(SILVER_INCREMENTAL, "floor", incrementBytes, () -> floorFacts.append(bronzeSales.path(), factFrom, floorFact)));
            }
        }
        BenchmarkFiles.deleteIfExists(landedIncrement);
        return timings;
    }

    private long medallion(PipelineConfig config, TimedGates gates, LocalDate ingestDate) {
        BronzeResult sales = run(config, gates, ingestDate, Set.of("sales")).tables().get(0).result().orElseThrow();
        return sales.rowsRead();
    }

    /** Loads Medallion's sales fact from what bronze committed since its last load; returns the events read. */
    private long medallionFact(PipelineConfig config, TimedGates gates, LocalDate ingestDate) {
        return run(config, gates, ingestDate, Set.of(FACT)).silverTables().get(0).result().orElseThrow().merge().eventsRead();
    }

    /** Writes a dimension's versions (key, effective_from, effective_to) as Parquet for DuckDB; returns the folder. */
    private Path versionsAsParquet(String dimension, String key, Path folder) {
        spark.read().format("delta").load(dimension).select(key, "effective_from", "effective_to")
                .write().mode("overwrite").parquet(folder.toUri().toString());
        return folder;
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
        salesFiles(increment).forEach(SizeRun::moveTransactionIdsPastTheFullDays);
    }

    /**
     * The generator numbers each run's transactions from 1, so the increment's would repeat the full
     * days' ids and silver would keep none of them (a repeated transaction id is a re-delivery). They
     * move to 9,000,000,001 and up, past any full day's; a file already moved stays as it is.
     */
    private static void moveTransactionIdsPastTheFullDays(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            Files.write(csv, lines.stream().map(line -> line.matches("TX0[0-9]{9},.*") ? "TX9" + line.substring(3) : line).toList(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
