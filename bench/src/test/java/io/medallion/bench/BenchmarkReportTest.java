package io.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkReportTest {
    private static StageTiming timing(String size, String stage, String contender, double seconds, long inputBytes, long heapBytes) {
        Duration elapsed = Duration.ofMillis((long) (seconds * 1000));
        return new StageTiming(size, stage, contender, elapsed, elapsed.multipliedBy(2), 1_000, inputBytes, heapBytes);
    }

    @Test
    void headlinesCompareMedallionWithTheFloorAndTheSmallestInputWithTheLargestEvenWhenTheDimensionStageRan() {
        List<StageTiming> timings = List.of(
                timing("250MB", SizeRun.FULL, "medallion", 40, 250_000_000, 1_000_000_000),
                timing("250MB", SizeRun.FULL, "floor", 10, 250_000_000, 500_000_000),
                timing("250MB", SizeRun.FULL, SizeRun.FLOOR_TRACED, 12.5, 250_000_000, 500_000_000),
                timing("250MB", SizeRun.SILVER, "medallion", 30, 250_000_000, 0),
                timing("250MB", SizeRun.SILVER, "floor", 20, 250_000_000, 0),
                timing("250MB", SizeRun.INCREMENTAL, "medallion", 2, 2_500_000, 0),
                timing("250MB", SizeRun.SILVER_INCREMENTAL, "medallion", 3, 2_500_000, 0),
                timing("1GB", SizeRun.FULL, "medallion", 120, 1_000_000_000, 2_000_000_000),
                timing("1GB", SizeRun.INCREMENTAL, "medallion", 4, 10_000_000, 0),
                timing("1GB", SizeRun.SILVER, "medallion", 100, 1_000_000_000, 0),
                timing("1GB", SizeRun.SILVER_INCREMENTAL, "medallion", 6, 10_000_000, 0),
                timing("1GB", SizeRun.DIMENSIONS, "medallion", 30, 50_000_000, 0),
                timing("1GB", SizeRun.DIMENSIONS_INCREMENTAL, "medallion", 5, 20_000_000, 0),
                timing("10M rows", DimensionMergeRun.MERGE, "medallion", 20, 0, 0),
                timing("10M rows", DimensionMergeRun.REBUILD, "medallion", 50, 0, 0));

        String markdown = new BenchmarkReport(timings, "bench/run", "Executors: in a JVM of their own.").markdown();

        assertThat(markdown)
                .startsWith("Command: `bench/run`\n\nExecutors: in a JVM of their own.\n\n| size |")
                .contains("- 250MB raw → bronze with validation and quarantine: 4.00× the floor")
                .contains("| 250MB | raw_to_bronze | floor+trace | 12.5 |")
                .contains("- 250MB the floor with Medallion's five trace columns and partitioning, no validation: 1.25× the floor; Medallion takes 3.20× that")
                .contains("- 250MB bronze → silver sales fact (deduplicated, point-in-time lookups): 1.50× the floor")
                .contains("- 250MB incremental day (1% new data), raw → bronze → silver: 7.1% of the full run, 5.0 of 70.0 s (target ≤ 10%); "
                        + "raw → bronze 5.0% (2.0 of 40.0 s), bronze → silver 10.0% (3.0 of 30.0 s)\n")
                .contains("- 1GB incremental day (1% new data), raw → bronze → silver, with the dimensions: 6.0% of the full run, 15.0 of 250.0 s "
                        + "(target ≤ 10%); raw → bronze 3.3% (4.0 of 120.0 s), bronze → silver 6.0% (6.0 of 100.0 s), "
                        + "the dimensions, raw → silver 16.7% (5.0 of 30.0 s)\n")
                .contains("- time growth 250MB → 1GB: 3.00× for 4.00× the input (linear: ≤ 4.40×)")
                .contains("- live heap 250MB → 1GB: 1000 MB → 2000 MB")
                .contains("- 10M rows SCD2 merge of 1% changed rows, medallion: 0.40× its full rebuild (target ≤ 0.20)");
    }

    @Test
    void theFloorsOwnDayIsReportedOverTheLayersBothRanBesideMedallionsOverTheSame() {
        List<StageTiming> timings = List.of(
                timing("250MB", SizeRun.FULL, "medallion", 40, 250_000_000, 0),
                timing("250MB", SizeRun.INCREMENTAL, "medallion", 2, 2_500_000, 0),
                timing("250MB", SizeRun.SILVER, "medallion", 30, 250_000_000, 0),
                timing("250MB", SizeRun.SILVER_INCREMENTAL, "medallion", 3, 2_500_000, 0),
                timing("250MB", SizeRun.DIMENSIONS, "medallion", 30, 50_000_000, 0),
                timing("250MB", SizeRun.DIMENSIONS_INCREMENTAL, "medallion", 25, 20_000_000, 0),
                timing("250MB", SizeRun.GOLD, "medallion", 20, 250_000_000, 0),
                timing("250MB", SizeRun.FULL, "floor", 10, 250_000_000, 0),
                timing("250MB", SizeRun.INCREMENTAL, "floor", 1, 2_500_000, 0),
                timing("250MB", SizeRun.SILVER, "floor", 20, 250_000_000, 0),
                timing("250MB", SizeRun.SILVER_INCREMENTAL, "floor", 5, 2_500_000, 0),
                timing("250MB", SizeRun.GOLD, "floor", 20, 250_000_000, 0),
                timing("250MB", SizeRun.GOLD_INCREMENTAL, "floor", 20, 250_000_000, 0));

        // Gold: the floor ran its day, Medallion did not, so it is left out of both; the dimensions are Medallion's alone.
        assertThat(new BenchmarkReport(timings, "bench/run", "Executors: here.").markdown())
                .contains("- 250MB the floor's own day over the layers it ran (raw → bronze, bronze → silver): 20.0% of its full run, 6.0 of 30.0 s; "
                        + "Medallion's over the same layers 7.1%\n");
    }

    @Test
    void theIncrementalDayIsRawToBronzeAloneWhenTheSilverLoadsDidNotRun() {
        List<StageTiming> timings = List.of(
                timing("250MB", SizeRun.FULL, "medallion", 40, 250_000_000, 0),
                timing("250MB", SizeRun.INCREMENTAL, "medallion", 2, 2_500_000, 0));

        assertThat(new BenchmarkReport(timings, "bench/run", "Executors: here.").markdown())
                .contains("- 250MB incremental day (1% new data), raw → bronze only: 5.0% of the full run, 2.0 of 40.0 s (target ≤ 10%)\n");
    }

    @Test
    void theIncrementalDayNamesTheLayersThatRan() {
        List<StageTiming> timings = List.of(
                timing("250MB", SizeRun.FULL, "medallion", 40, 250_000_000, 0),
                timing("250MB", SizeRun.INCREMENTAL, "medallion", 2, 2_500_000, 0),
                timing("250MB", SizeRun.DIMENSIONS, "medallion", 10, 20_000_000, 0),
                timing("250MB", SizeRun.DIMENSIONS_INCREMENTAL, "medallion", 3, 5_000_000, 0));

        assertThat(new BenchmarkReport(timings, "bench/run", "Executors: here.").markdown())
                .contains("- 250MB incremental day (1% new data), raw → bronze, with the dimensions: 10.0% of the full run, 5.0 of 50.0 s "
                        + "(target ≤ 10%); raw → bronze 5.0% (2.0 of 40.0 s), the dimensions, raw → silver 30.0% (3.0 of 10.0 s)\n");
    }

    @Test
    void everyRunsTimeIsListedAfterTheTargetsWhenStagesRanMoreThanOnce() {
        List<StageTiming> timings = List.of(timing("250MB", SizeRun.FULL, "medallion", 17.4, 250_000_000, 0));

        assertThat(new BenchmarkReport(timings, "bench/run --runs 3", "Executors: here.", List.of("250MB raw_to_bronze medallion: 19.2 / 17.2 / 17.4 s"))
                .markdown()).endsWith("\nRuns, wall seconds in run order:\n- 250MB raw_to_bronze medallion: 19.2 / 17.2 / 17.4 s\n");
        assertThat(new BenchmarkReport(timings, "bench/run", "Executors: here.").markdown()).doesNotContain("Runs, wall seconds");
    }
}
