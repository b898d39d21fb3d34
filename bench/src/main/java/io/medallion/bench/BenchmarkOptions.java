package io.medallion.bench;

import static java.util.Objects.requireNonNull;

import io.medallion.jobs.generate.DataSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What to measure: the raw input sizes (each generated as three days of retail data), where to put
 * data and results, which contenders run, and whether the executors run in a JVM of their own (so
 * that the heap measured is the driver's alone) rather than in the benchmark's.
 */
record BenchmarkOptions(List<String> sizes, Path outputDirectory, Set<String> contenders, long dimensionRows, boolean separateExecutors) {
    static final List<String> DEFAULT_SIZES = List.of("250MB", "500MB", "1GB");
    static final Set<String> ALL_CONTENDERS = Set.of("medallion", "floor", "duckdb");
    /** The SCD2 target's dimension: 10 million rows. */
    static final long DEFAULT_DIMENSION_ROWS = 10_000_000;

    BenchmarkOptions {
        sizes = List.copyOf(sizes);
        requireNonNull(outputDirectory, "outputDirectory is null");
        contenders = Set.copyOf(contenders);
        if (dimensionRows < 0) {
            throw new IllegalArgumentException("--dimension-rows takes a row count, 0 to skip the SCD2 merge; got " + dimensionRows);
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
        long dimensionRows = DEFAULT_DIMENSION_ROWS;
        boolean separateExecutors = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--sizes" -> sizes = List.of(value.split(","));
                case "--out" -> out = Path.of(value);
                case "--contenders" -> contenders = Set.of(value.split(","));
                case "--dimension-rows" -> dimensionRows = Long.parseLong(value.replace("_", ""));
                case "--executors" -> separateExecutors = switch (value) {
                    case "local" -> false;
                    case "separate" -> true;
                    default -> throw new IllegalArgumentException("--executors takes local (in the benchmark's JVM) or separate (a JVM of their own), got " + value);
                };
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --sizes 250MB,500MB,1GB --out DIR --contenders medallion,floor,duckdb --dimension-rows 10000000 --executors local");
            }
            i++;
        }
        return new BenchmarkOptions(new ArrayList<>(sizes), out, contenders, dimensionRows, separateExecutors);
    }

    BenchmarkOptions withOutput(Path directory) {
        return new BenchmarkOptions(sizes, directory, contenders, dimensionRows, separateExecutors);
    }

    boolean runs(String contender) {
        return contenders.contains(contender);
    }
}
