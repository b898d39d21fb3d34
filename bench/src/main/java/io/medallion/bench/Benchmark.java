package io.medallion.bench;

import io.medallion.lakehouse.spark.SessionSettings;
import io.medallion.lakehouse.spark.SparkSessions;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's entry point ({@code bench/run}): for each size, generates retail data and times
 * Medallion, the bare-Spark floor and DuckDB on the same work, then prints a Markdown table and
 * writes {@code results.json} and {@code results.md} under the output folder. Everything runs on
 * {@code local[2]} in this one JVM (or, with {@code --executors separate}, on two cores of an
 * executor JVM of its own, to measure the driver's heap alone), after a warm-up on a small data set
 * that is not reported.
 */
public final class Benchmark {
    private static final String LOCAL = "local[2]";
    /** One worker of two cores and 8 GB, for one executor: the same cores as {@value #LOCAL}. */
    private static final String SEPARATE = "local-cluster[1,2,8192]";

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        String command = "bench/run " + String.join(" ", args);
        // The floor reads timestamps with Spark's CSV reader, which fails the whole job on a malformed
        // one under Spark's default time-parser policy; any hand-written job would set this.
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "spark.master", LOCAL, "spark.ui.enabled", "false", "spark.sql.shuffle.partitions", "8",
                "spark.sql.legacy.timeParserPolicy", "CORRECTED"));
        String setup = "Executors: in the benchmark's JVM (`" + LOCAL + "`), so the live heap covers the driver and the executors.";
        if (options.separateExecutors()) {
            settings.putAll(separateExecutors());
            setup = "Executors: in a JVM of their own (`" + settings.get("spark.master") + "`, the same two cores), so the live heap is the "
                    + "driver's alone, and CPU s is the driver's.";
        }
        SparkSession spark = SparkSessions.local(settings);
        // Medallion's runs split input files into three tasks per core (SessionSettings); without the same
        // setting, the floor read three daily files as three tasks on two cores, one core idle for the last
        // third of its write, which flattered Medallion's ratio.
        SessionSettings.defaults(spark).forEach(spark.conf()::set);
        System.out.println("Warming up on 2MB (not reported)");
        Optional<ExportDatabase> exportDatabase = ExportDatabase.fromEnvironment();
        if (exportDatabase.isEmpty()) {
            System.out.println("No export database (MEDALLION_BENCH_PG_URL; bench/run starts one where PostgreSQL is installed): no export stage");
        }
        new SizeRun(spark, options.withOutput(options.outputDirectory().resolve("warm-up")), "2MB", exportDatabase).execute();
        if (options.dimensionRows() > 0) {
            new DimensionMergeRun(spark, options.withOutput(options.outputDirectory().resolve("warm-up")), 20_000).execute();
        }
        List<StageTiming> timings = new ArrayList<>();
        List<String> spreads = new ArrayList<>();
        for (String size : options.sizes()) {
            MedianRuns runs = new MedianRuns();
            for (int run = 1; run <= options.sizeRuns(); run++) {
                System.out.println("Size " + size + (options.sizeRuns() > 1 ? ", run " + run + " of " + options.sizeRuns() : ""));
                runs.add(new SizeRun(spark, options, size, exportDatabase).execute());
            }
            timings.addAll(runs.medians());
            spreads.addAll(runs.spreads());
        }
        if (options.sizeRuns() > 1) {
            setup += " Each size ran " + options.sizeRuns() + " times; each of its rows is the run with the median wall time (the runs are"
                    + " listed below the targets).";
        }
        if (options.dimensionRows() > 0) {
            System.out.println("SCD2 merge into a dimension of " + options.dimensionRows() + " rows");
            timings.addAll(new DimensionMergeRun(spark, options, options.dimensionRows()).execute());
        }
        BenchmarkReport report = new BenchmarkReport(timings, command, setup, options.sizeRuns() > 1 ? spreads : List.of());
        String markdown = report.markdown();
        System.out.println();
        System.out.println(markdown);
        Files.writeString(options.outputDirectory().resolve("results.md"), markdown, StandardCharsets.UTF_8);
        report.writeJson(options.outputDirectory().resolve("results.json"));
        spark.stop();
    }

    /**
     * Spark's {@code local-cluster} mode: a worker in this JVM starts one executor JVM, so that this
     * JVM's heap is the driver's. The executor's classpath is the {@code jars} folder of the Spark
     * home {@code bench/run} builds from the benchmark's classpath, plus the benchmark's own classes.
     */
    private static Map<String, String> separateExecutors() {
        if (System.getenv("SPARK_HOME") == null) {
            throw new IllegalStateException("--executors separate needs SPARK_HOME, which bench/run sets; run the benchmark through bench/run");
        }
        String benchClasses = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith("bench/target/classes")).findFirst().orElse("");
        // 7 GB of the worker's 8: an executor asking for all of a worker's memory is never started.
        return Map.of("spark.master", SEPARATE, "spark.executor.memory", "7g", "spark.executor.extraClassPath", benchClasses);
    }
}
