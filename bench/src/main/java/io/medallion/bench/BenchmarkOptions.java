package io.medallion.bench;

import static java.util.Objects.requireNonNull;

import io.medallion.jobs.generate.DataSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What to measure: the raw input sizes (each generated as three days of retail data; none for the
 * SCD2 stage alone), where to put data and results, which contenders run, how many times each
 * size's stages run, the SCD2 dimension's rows and how many times each SCD2 stage runs, and whether
 * the executors run in a JVM of their own (so that the heap measured is the driver's alone) rather
 * than in the benchmark's.
 */
record BenchmarkOptions(List<String> sizes, Path outputDirectory, Set<String> contenders, int sizeRuns, long dimensionRows, int scd2Runs,
        boolean separateExecutors) {
    static final List<String> DEFAULT_SIZES = List.of("250MB", "500MB", "1GB");
    static final Set<String> ALL_CONTENDERS = Set.of("medallion", "floor", "duckdb");
    /** The SCD2 target's dimension: 10 million rows. */
    static final long DEFAULT_DIMENSION_ROWS = 10_000_000;
    /** Runs of each size's stages, of which the median counts: one unless asked, since a run of all sizes takes a quarter of an hour. */
    static final int DEFAULT_SIZE_RUNS = 1;
    /** Runs of each SCD2 stage, of which the median counts. */
    static final int DEFAULT_SCD2_RUNS = 3;

    BenchmarkOptions {
        sizes = List.copyOf(sizes);
        requireNonNull(outputDirectory, "outputDirectory is null");
        contenders = Set.copyOf(contenders);
        if (sizeRuns < 1) {
            throw new IllegalArgumentException("--runs takes how many times to run each size's stages (the median counts), at least 1; got " + sizeRuns);
        }
        if (dimensionRows < 0) {
            throw new IllegalArgumentException("--dimension-rows takes a row count, 0 to skip the SCD2 merge; got " + dimensionRows);
        }
        if (scd2Runs < 1) {
            throw new IllegalArgumentException("--scd2-runs takes how many times to run each SCD2 stage (the median counts), at least 1; got " + scd2Runs);
        }
        sizes.forEach(DataSize::parse);
        for (String contender : contenders) {
            if (!ALL_CONTENDERS.contains(contender)) {
                throw new IllegalArgumentException("--contenders takes medallion, floor and duckdb, got " + contender);
            }
        }
    }

    static BenchmarkOptions parse(String[] args) {
        List<String> sizes = DEFAULT_SIZES;
        Path out = Path.of("bench-results");
        Set<String> contenders = ALL_CONTENDERS;
        int sizeRuns = DEFAULT_SIZE_RUNS;
        long dimensionRows = DEFAULT_DIMENSION_ROWS;
        int scd2Runs = DEFAULT_SCD2_RUNS;
        boolean separateExecutors = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--sizes" -> sizes = value.equals("none") ? List.of() : List.of(value.split(","));
                case "--out" -> out = Path.of(value);
                case "--contenders" -> contenders = Set.of(value.split(","));
                case "--runs" -> sizeRuns = Integer.parseInt(value);
                case "--dimension-rows" -> dimensionRows = Long.parseLong(value.replace("_", ""));
                case "--scd2-runs" -> scd2Runs = Integer.parseInt(value);
                case "--executors" -> separateExecutors = switch (value) {
                    case "local" -> false;
                    case "separate" -> true;
                    default -> throw new IllegalArgumentException("--executors takes local (in the benchmark's JVM) or separate (a JVM of their own), got " + value);
                };
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --sizes 250MB,500MB,1GB --out DIR --contenders medallion,floor,duckdb --runs 1 --dimension-rows 10000000 --scd2-runs 3 "
                        + "--executors local");
            }
            i++;
        }
        return new BenchmarkOptions(new ArrayList<>(sizes), out, contenders, sizeRuns, dimensionRows, scd2Runs, separateExecutors);
    }

    BenchmarkOptions withOutput(Path directory) {
        return new BenchmarkOptions(sizes, directory, contenders, sizeRuns, dimensionRows, scd2Runs, separateExecutors);
    }

    boolean runs(String contender) {
        return contenders.contains(contender);
    }
}
