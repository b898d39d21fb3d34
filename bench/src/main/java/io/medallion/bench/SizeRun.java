package io.medallion.bench;

import io.medallion.bench.duckdb.DuckDbBronze;
import io.medallion.bench.duckdb.DuckDbExport;
import io.medallion.bench.duckdb.DuckDbFacts;
import io.medallion.bench.duckdb.DuckDbGold;
import io.medallion.jobs.generate.DataSize;
import io.medallion.jobs.generate.FollowingDay;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Everything measured at one input size: retail data is generated once (three days of the given
 * size) plus an increment (the fourth day of the same customers and products, in its own folder:
 * sales of 1% of the three days', and the dimensions' daily changes, about 1% of customers and 1.5%
 * of products). Medallion first loads the three days of the dimensions the sales fact looks up
 * (products, customers and their change feed into bronze, then the SCD2 dimensions), timed as its
 * own stage; every contender's fact reads these same silver dimensions. Then each contender loads
 * the three days of sales into a fresh table (the full run) and builds the sales fact from it
 * (silver: one row per transaction, with the customer's and product's version at the time of sale).
 * Then the increment lands: Medallion loads its dimensions, then its sales through both layers;
 * the floor its sales through both (the incremental run; DuckDB's alternative rebuilds its tables,
 * so it has no incremental run, and only Medallion loads dimensions). The floor's fact reads
 * Medallion's bronze sales (so it is timed only when Medallion runs too).
 */
final class SizeRun {
    static final String FULL = "raw_to_bronze";
    static final String INCREMENTAL = "raw_to_bronze_incremental";
    /** The quality gates inside Medallion's full run: part of its time, reported on their own. */
    static final String GATES = "gates (in raw_to_bronze)";
    /** The sales fact from bronze: one row per transaction, with the customer's and product's version at the time of sale. */
    static final String SILVER = "bronze_to_silver";
    static final String SILVER_INCREMENTAL = "bronze_to_silver_incremental";
    /** The retail marts of {@code dbt/models} from silver: daily sales, sales by month and category, customers' lifetime value. */
    static final String GOLD = "silver_to_gold";
    static final String GOLD_INCREMENTAL = "silver_to_gold_incremental";
    /** The three marts copied to PostgreSQL (when the benchmark has an export database). */
    static final String EXPORT = "gold_to_postgres";
    static final String EXPORT_INCREMENTAL = "gold_to_postgres_incremental";
    /** The export target of conf/retail.yaml the stage runs. */
    private static final String EXPORT_TARGET = "reporting";
    /** The dimensions the sales fact looks up, raw to silver: products, customers and the customer change feed, and the SCD2 dimensions. */
    static final String DIMENSIONS = "dimensions";
    static final String DIMENSIONS_INCREMENTAL = "dimensions_incremental";
    /** The floor's full load with Medallion's trace columns and partitioning: lineage's share of Medallion's overhead. */
    static final String FLOOR_TRACED = "floor+trace";
    private static final String FACT = "fact_sales";
    private static final int DAYS = 3;
    /** The increment's sales, as a share of the full days'. */
    private static final double INCREMENT_SHARE = 0.01;
    private static final List<String> DIMENSION_SOURCES = List.of("products", "customers", "customer_changes");
    /** The dimensions' bronze tables (named as their sources) and the SCD2 dimensions built from them. */
    private static final Set<String> DIMENSION_TABLES = Set.copyOf(
            Stream.concat(DIMENSION_SOURCES.stream(), Stream.of("dim_customer", "dim_product")).toList());
    /** Written once both days are generated; it names what they were generated as, so data of another layout is generated again. */
    private static final String GENERATED_MARKER = ".generated";
    private static final LocalDate FULL_INGEST_DATE = LocalDate.of(2026, 2, 1);
    private static final LocalDate INCREMENT_INGEST_DATE = LocalDate.of(2026, 2, 2);
    /** The sources whose files the benchmark loads: sales and the dimensions'. */
    private static final List<String> LANDED_SOURCES = Stream.concat(Stream.of("sales"), DIMENSION_SOURCES.stream()).toList();

    private final SparkSession spark;
    private final BenchmarkOptions options;
    private final String size;
    private final Path folder;
    private final Optional<ExportDatabase> exportDatabase;

    /** @param exportDatabase where the export stage copies the marts; without one, there is no export stage */
    SizeRun(SparkSession spark, BenchmarkOptions options, String size, Optional<ExportDatabase> exportDatabase) {
        this.spark = spark;
        this.options = options;
        this.size = size;
        this.folder = options.outputDirectory().resolve(size);
        this.exportDatabase = exportDatabase;
    }

    List<StageTiming> execute() {
        Path landing = folder.resolve("landing");
        Path increment = folder.resolve("increment");
        generate(landing, increment);
        List<Path> incrementSales = files(increment, List.of("sales"));
        if (incrementSales.size() != 1) {
            throw new IllegalStateException("the increment " + increment + " should hold one sales file, not " + incrementSales
                    + "; delete " + folder + " to generate the data again");
        }
        List<Path> incrementDimensions = files(increment, DIMENSION_SOURCES);
        // An interrupted run may have left the increment's files in the landing folder.
        List<Path> landedIncrement = landedPaths(increment, landing);
        landedIncrement.forEach(BenchmarkFiles::deleteIfExists);
        List<Path> fullFiles = files(landing, List.of("sales"));
        long fullBytes = bytes(fullFiles);
        long incrementBytes = bytes(incrementSales);
        Path landedSalesIncrement = landed(increment, landing, incrementSales.get(0));

        Path medallionLake = BenchmarkFiles.fresh(folder.resolve("medallion"));
        Map<String, String> environment = Map.of("MEDALLION_ROOT", medallionLake.toString(), "MEDALLION_LANDING", landing.toString());
        PipelineConfig config = new PipelineConfigLoader(environment, List.of()).loadResource("conf/retail.yaml");
        // The same pipeline with its JDBC export switched on, into a schema of this size's own.
        Optional<String> exportUrl = exportDatabase.map(database -> database.freshSchema("bench_" + size));
        Optional<PipelineConfig> exporting = exportUrl.map(url -> {
            Map<String, String> withExport = new java.util.HashMap<>(environment);
            withExport.putAll(Map.of("MEDALLION_EXPORT_JDBC", "true", "MEDALLION_EXPORT_JDBC_URL", url,
                    "MEDALLION_EXPORT_JDBC_USER", exportDatabase.get().user(), "MEDALLION_EXPORT_JDBC_PASSWORD", exportDatabase.get().password()));
            return new PipelineConfigLoader(withExport, List.of()).loadResource("conf/retail.yaml");
        });
        TableConfig sales = config.table(Layer.BRONZE, "sales").orElseThrow();
        Path floorTable = BenchmarkFiles.fresh(folder.resolve("floor")).resolve("sales");
        List<StageTiming> timings = new ArrayList<>();
        StageClock clock = new StageClock(spark, size);

        TimedGates gates = new TimedGates(table -> QualityGates.forTable(spark, config, table, LakehouseLayout.at(config.root())));
        // The tables sales' checks reference, and the dimensions every contender's fact looks up, loaded first.
        long dimensionBytes = bytes(files(landing, DIMENSION_SOURCES));
        if (options.runs("medallion")) {
            timings.add(clock.time(DIMENSIONS, "medallion", dimensionBytes, () -> medallionDimensions(config, gates, FULL_INGEST_DATE)));
        } else {
            medallionDimensions(config, gates, FULL_INGEST_DATE);
        }
        gates.reset();
        LakehouseLayout layout = LakehouseLayout.at(config.root());
        String dimCustomer = layout.table(Layer.SILVER, "dim_customer").path();
        String dimProduct = layout.table(Layer.SILVER, "dim_product").path();
        FloorFacts floorFacts = new FloorFacts(spark, dimCustomer, dimProduct);
        // The floor's marts read Medallion's silver fact, as Medallion's do: the same input, so timed only when Medallion ran.
        FloorGold floorGold = new FloorGold(spark, layout.table(Layer.SILVER, FACT).path(), dimCustomer, dimProduct);
        String floorMarts = folder.resolve("floor").resolve("gold").toUri().toString();
        String floorFact = folder.resolve("floor").resolve(FACT).toUri().toString();
        // Every contender's fact reads the same bronze rows, the valid ones: Medallion's bronze table (the floor's own keeps
        // rows it could not type) and DuckDB's table, which holds the same rows (DuckDbBronzeMatchesMedallionTest).
        TableRef bronzeSales = layout.table(sales);
        long bronzeVersion = -1;
        if (options.runs("medallion")) {
            StageTiming full = clock.time(FULL, "medallion", fullBytes, () -> medallion(config, gates, FULL_INGEST_DATE));
            timings.add(full);
            timings.add(new StageTiming(size, GATES, "medallion", gates.wall(), gates.cpu(), full.rows(), fullBytes, full.peakLiveHeapBytes()));
            System.out.printf("  %-6s %-26s %-10s %8.1f s %8.1f s CPU%n", size, GATES, "medallion", gates.wall().toNanos() / 1e9,
                    gates.cpu().toNanos() / 1e9);
            bronzeVersion = DeltaVersions.current(spark, bronzeSales);
            timings.add(clock.time(SILVER, "medallion", fullBytes, () -> medallionFact(config, gates, FULL_INGEST_DATE)));
            timings.add(clock.time(GOLD, "medallion", fullBytes, () -> medallionGold(config, gates, FULL_INGEST_DATE)));
            exporting.ifPresent(c -> timings.add(clock.time(EXPORT, "medallion", fullBytes, () -> medallionExport(c, gates, FULL_INGEST_DATE))));
        }
        long factFrom = bronzeVersion;
        FloorBronze floor = new FloorBronze(spark, sales);
        String floorBronze = floorTable.toUri().toString();
        if (options.runs("floor")) {
            timings.add(clock.time(FULL, "floor", fullBytes, () -> floor.load(uris(fullFiles), floorBronze)));
            String tracedBronze = folder.resolve("floor").resolve("sales_traced").toUri().toString();
            timings.add(clock.time(FULL, FLOOR_TRACED, fullBytes, () -> floor.loadWithTrace(uris(fullFiles), tracedBronze, FULL_INGEST_DATE)));
            if (factFrom >= 0) {
                timings.add(clock.time(SILVER, "floor", fullBytes, () -> floorFacts.build(bronzeSales.path(), factFrom, floorFact)));
                timings.add(clock.time(GOLD, "floor", fullBytes, () -> floorGold.build(floorMarts)));
                exportUrl.ifPresent(url -> timings.add(clock.time(EXPORT, "floor", fullBytes,
                        () -> new FloorExport(spark, url, exportDatabase.get()).copy(floorMarts, FloorGold.MARTS))));
            }
        }
        if (options.runs("duckdb")) {
            Path database = BenchmarkFiles.fresh(folder.resolve("duckdb")).resolve("retail.duckdb");
            DuckDbBronze duckdb = new DuckDbBronze(sales, config.source("sales"), database);
            timings.add(clock.time(FULL, "duckdb", fullBytes, () -> duckdb.execute(fullFiles).rowsRead()));
            DuckDbFacts facts = new DuckDbFacts(database, duckdb.bronzeTable());
            facts.loadDimension("dim_customer", versionsAsParquet(dimCustomer, List.of("customer_id", "loyalty_tier", "country", "city", "is_deleted",
                    "is_current"), folder.resolve("duckdb").resolve("dim_customer")));
            facts.loadDimension("dim_product", versionsAsParquet(dimProduct, List.of("product_id", "category"), folder.resolve("duckdb").resolve("dim_product")));
            timings.add(clock.time(SILVER, "duckdb", fullBytes, facts::build));
            timings.add(clock.time(GOLD, "duckdb", fullBytes, new DuckDbGold(database)::build));
            exportUrl.ifPresent(url -> timings.add(clock.time(EXPORT, "duckdb", fullBytes, () -> duckDbExport(database, url))));
        }
        land(increment, landing);
        try {
            // The day's dimensions first: sales' reference checks and the fact's lookups then see the day's customers and products.
            // Without Medallion's run no contender's day reads them (the floor's fact day needs Medallion's bronze sales).
            if (options.runs("medallion")) {
                timings.add(clock.time(DIMENSIONS_INCREMENTAL, "medallion", bytes(incrementDimensions),
                        () -> medallionDimensions(config, gates, INCREMENT_INGEST_DATE)));
                timings.add(clock.time(INCREMENTAL, "medallion", incrementBytes, () -> medallion(config, gates, INCREMENT_INGEST_DATE)));
                timings.add(clock.time(SILVER_INCREMENTAL, "medallion", incrementBytes, () -> medallionFact(config, gates, INCREMENT_INGEST_DATE)));
                timings.add(clock.time(GOLD_INCREMENTAL, "medallion", incrementBytes, () -> medallionGold(config, gates, INCREMENT_INGEST_DATE)));
                exporting.ifPresent(c -> timings.add(clock.time(EXPORT_INCREMENTAL, "medallion", incrementBytes,
                        () -> medallionExport(c, gates, INCREMENT_INGEST_DATE))));
            }
            if (options.runs("floor")) {
                timings.add(clock.time(INCREMENTAL, "floor", incrementBytes, () -> floor.load(uris(List.of(landedSalesIncrement)), floorBronze)));
                if (factFrom >= 0) {
                    timings.add(clock.time(SILVER_INCREMENTAL, "floor", incrementBytes, () -> floorFacts.append(bronzeSales.path(), factFrom, floorFact)));
                    timings.add(clock.time(GOLD_INCREMENTAL, "floor", incrementBytes, () -> floorGold.build(floorMarts)));
                    exportUrl.ifPresent(url -> timings.add(clock.time(EXPORT_INCREMENTAL, "floor", incrementBytes,
                            () -> new FloorExport(spark, url, exportDatabase.get()).copy(floorMarts, FloorGold.MARTS))));
                }
            }
        } finally {
            landedIncrement.forEach(BenchmarkFiles::deleteIfExists);
        }
        return timings;
    }

    /** Loads the dimensions' sources into bronze and the SCD2 dimensions from them; returns the bronze rows read. */
    private long medallionDimensions(PipelineConfig config, TimedGates gates, LocalDate ingestDate) {
        return run(config, gates, ingestDate, DIMENSION_TABLES).tables().stream()
                .mapToLong(table -> table.result().orElseThrow().rowsRead()).sum();
    }

    private long medallion(PipelineConfig config, TimedGates gates, LocalDate ingestDate) {
        BronzeResult sales = run(config, gates, ingestDate, Set.of("sales")).tables().get(0).result().orElseThrow();
        return sales.rowsRead();
    }

    /** Loads Medallion's sales fact from what bronze committed since its last load; returns the events read. */
    private long medallionFact(PipelineConfig config, TimedGates gates, LocalDate ingestDate) {
        return run(config, gates, ingestDate, Set.of(FACT)).silverTables().get(0).result().orElseThrow().merge().eventsRead();
    }

    /** Builds Medallion's marts from what silver holds (the dbt models, run natively); returns the rows their commits wrote. */
    private long medallionGold(PipelineConfig config, TimedGates gates, LocalDate ingestDate) {
        return run(config, gates, ingestDate, Set.copyOf(FloorGold.MARTS)).goldModels().stream()
                .mapToLong(model -> model.result().orElseThrow().rowsWritten()).sum();
    }

    /** Copies Medallion's marts to the export database when they changed (the pipeline's export target); returns the rows copied. */
    private long medallionExport(PipelineConfig config, TimedGates gates, LocalDate ingestDate) {
        return run(config, gates, ingestDate, Set.of(EXPORT_TARGET)).exports().stream()
                .mapToLong(export -> export.result().orElseThrow().rows()).sum();
    }

    private long duckDbExport(Path database, String url) {
        try {
            return new DuckDbExport(database, folder.resolve("duckdb").resolve("export"))
                    .copy(FloorGold.MARTS, url, exportDatabase.get().user(), exportDatabase.get().password());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a dimension's versions (its key and attributes, effective_from, effective_to) as Parquet for DuckDB; returns the folder. */
    private Path versionsAsParquet(String dimension, List<String> columns, Path folder) {
        List<String> selected = new ArrayList<>(columns);
        selected.addAll(List.of("effective_from", "effective_to"));
        spark.read().format("delta").load(dimension).selectExpr(selected.toArray(String[]::new))
                .write().mode("overwrite").parquet(folder.toUri().toString());
        return folder;
    }

    private RunResult run(PipelineConfig config, TimedGates gates, LocalDate ingestDate, Set<String> tables) {
        RunResult result = new PipelineRun(spark, config, Map.of(), gates)
                .execute(RunOptions.defaults().withIngestDate(ingestDate).withTables(tables));
        if (!result.succeeded()) {
            throw new IllegalStateException("Medallion's run failed: " + result.tables() + result.silverTables() + result.goldModels() + result.exports());
        }
        return result;
    }

    /**
     * The full days into {@code landing}, the increment into {@code increment}, unless an earlier run
     * generated both as these options say (its marker, written last, names them); else both emptied
     * and generated again, so neither data of an older layout nor an interrupted generation is read.
     */
    private void generate(Path landing, Path increment) {
        GenerateOptions full = new GenerateOptions(landing.toString(), GenerateOptions.DEFAULT_SEED, DataSize.parse(size), DAYS,
                GenerateOptions.DEFAULT_START_DATE, GenerateOptions.DEFAULT_DEFECT_RATE);
        FollowingDay day = new FollowingDay(increment.toString(), INCREMENT_SHARE);
        String generatedAs = full + " " + day;
        Path marker = folder.resolve(GENERATED_MARKER);
        try {
            if (Files.isRegularFile(marker) && Files.readString(marker).equals(generatedAs)) {
                return;
            }
            Files.deleteIfExists(marker);
            BenchmarkFiles.fresh(landing);
            BenchmarkFiles.fresh(increment);
            RetailGenerator.generate(full, Optional.of(day));
            Files.writeString(marker, generatedAs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the increment's files of the sources the benchmark loads into the landing folder. */
    private static void land(Path increment, Path landing) {
        files(increment, LANDED_SOURCES).forEach(file -> copy(file, landed(increment, landing, file)));
    }

    /** Where {@link #land} puts the increment's files. */
    private static List<Path> landedPaths(Path increment, Path landing) {
        return files(increment, LANDED_SOURCES).stream().map(file -> landed(increment, landing, file)).toList();
    }

    /** Where {@link #land} puts one of the increment's files: the same source folder under {@code landing}. */
    private static Path landed(Path increment, Path landing, Path file) {
        return landing.resolve(increment.relativize(file));
    }

    /** The files of {@code sources} under {@code root}, source by source, in name order within one. */
    private static List<Path> files(Path root, List<String> sources) {
        List<Path> files = new ArrayList<>();
        for (String source : sources) {
            try (Stream<Path> listed = Files.list(root.resolve(source))) {
                listed.filter(Files::isRegularFile).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
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
